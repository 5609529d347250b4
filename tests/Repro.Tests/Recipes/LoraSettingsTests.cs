using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>lora:</c> of a training stage: read into a <see cref="LoraSpec"/>, and every bad setting reported at its line.</summary>
[Trait("Category", "Unit")]
public sealed class LoraSettingsTests
{
    private static string Recipe(string lora, string extra = "") => TinyRecipes.TwoStage().Replace("    from: pretrain\n", $"    from: pretrain\n    lora: {lora}\n{extra}");

    [Fact]
    public void TheSettingsAreReadWithAlphaDefaultingToTheRank()
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(temp.Write("r.yaml", Recipe("{ rank: 4, targets: [layers.*.attention] }")), [], [Paths.BuiltInPlugins]);
        var lora = Assert.IsType<TrainingStage>(recipe.Stages.Single(s => s.Name == "target")).Training.Lora!;
        Assert.Equal((4, 4.0, 0.0, 1.0), (lora.Rank, lora.Alpha, lora.Dropout, lora.Scale));
        Assert.Equal(["layers.*.attention"], lora.Targets);
    }

    [Fact]
    public void EveryBadSettingIsReportedAtItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("{ rank: 0, alpha: 0, dropout: 1, targets: [], bias: all }", "    freeze: [embeddings]\n"));

        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));

        var messages = string.Join("\n", e.Diagnostics.Select(d => d.ToString()));
        Assert.All(e.Diagnostics, d => Assert.StartsWith(path + ":", d.ToString()));
        Assert.Contains("stages.target.lora.rank", messages);
        Assert.Contains("stages.target.lora.alpha must be greater than 0", messages);
        Assert.Contains("stages.target.lora.dropout must be below 1", messages);
        Assert.Contains("stages.target.lora.targets is empty", messages);
        Assert.Contains("bias", messages);
        Assert.Contains("stages.target.freeze: a lora stage already keeps every body weight fixed", messages);
    }
}
