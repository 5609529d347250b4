using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro plugins`, `list` and `describe`.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class InfoCommandTests
{
    [Fact]
    public void PluginsListsTheBuiltInsAndDescribesParameters()
    {
        var list = Cli.Run(Path.GetTempPath(), "plugins");
        Assert.Equal(0, list.ExitCode);
        foreach (var id in new[] { "bert-encoder", "synthetic-corpus", "synthetic-topic", "synthetic-agreement", "synthetic-same-topic" })
            Assert.Contains($" {id} ", list.Stdout);

        var describe = Cli.Run(Path.GetTempPath(), "plugins", "--describe", "bert-encoder");
        Assert.Equal(0, describe.ExitCode);
        Assert.Contains("hidden_size", describe.Stdout);
        Assert.Contains("sha256:", describe.Stdout);

        var unknown = Cli.Run(Path.GetTempPath(), "plugins", "--describe", "bert-encodr");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'bert-encoder'?", unknown.Stderr);
    }

    [Fact]
    public void ListShowsEachRecipeWithItsVersion()
    {
        using var temp = new TempDirectory();
        temp.Write("a.yaml", TinyRecipes.TwoStage("alpha"));
        temp.Write("b.yaml", "name: [unclosed");

        var result = Cli.Run(temp.Path, "list", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("alpha", result.Stdout);
        Assert.Contains("1.0.0", result.Stdout);
        Assert.Contains("invalid YAML", result.Stdout);
        Assert.Equal(2, Cli.Run(temp.Path, "list", "no-such-folder").ExitCode);
    }

    [Fact]
    public void DescribePrintsTheResolvedRecipe()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "describe", recipe, "--set", "stages.target.batch_size=4");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("batch_size: 4", result.Stdout);
        Assert.Contains("bert-encoder: 2.2.0", result.Stdout);
        Assert.Contains("warmup_ratio: 0", result.Stdout);
    }
}
