using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>repro plugins</c> lists the plugins and, after them, the methods built into training stages (LoRA, freeze).</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginsListTests
{
    [Fact]
    public void ThePluginsAndTheBuiltInStageMethodsAreListed()
    {
        using var temp = new TempDirectory();
        var result = Cli.Run(temp.Path, "plugins");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bert-encoder", result.Stdout);
        Assert.Contains("Built into training stages, for any model plugin:", result.Stdout);
        foreach (var method in StageMethods.All)
        {
            Assert.Contains($"│ {method.Name} ", result.Stdout);
            Assert.Contains(method.Setting, result.Stdout);
        }
        Assert.Contains(StageMethods.All, m => m.Name == "lora" && m.Setting.StartsWith("stages.NAME.lora:", StringComparison.Ordinal));
    }
}
