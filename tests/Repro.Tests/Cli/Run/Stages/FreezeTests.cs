using Repro.Contracts;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary><c>freeze:</c> keeps named body parameter groups fixed while a stage trains.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class FreezeTests
{
    private static string Recipe(string freeze) => TinyRecipes.TwoStage().Replace("    from: pretrain\n", $"    from: pretrain\n    freeze: {freeze}\n");

    private static Dictionary<string, Tensor> Exported(TempDirectory temp, string run, string stage)
    {
        var folder = Path.Combine(temp.Path, "export-" + stage);
        var export = Cli.Run(temp.Path, "export", Path.Combine(run, stage), "--out", folder);
        Assert.True(export.ExitCode == 0, export.ToString());
        // a masked-LM stage exports as BertForMaskedLM (bert.*), a classifier as BertForSequenceClassification: compare body names
        return SafeTensors.Read(Path.Combine(folder, "model.safetensors")).ToDictionary(p => p.Key.StartsWith("bert.", StringComparison.Ordinal) ? p.Key[5..] : p.Key, p => p.Value);
    }

    private static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.data<float>().ToArray().SequenceEqual(b.data<float>().ToArray());

    [Fact]
    public void FrozenGroupsKeepTheirUpstreamWeightsAndTheRestTrains()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe("[wordEmbedding]"));
        Assert.Contains("freeze: [wordEmbedding]", File.ReadAllText(recipe));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")));
        Assert.Contains("freeze: [wordEmbedding]", File.ReadAllText(Path.Combine(run, "recipe.yaml")));
        var before = Exported(temp, run, "pretrain");
        var after = Exported(temp, run, "target");
        // the body's wordEmbedding is exported as Hugging Face's word_embeddings: kept; the position embeddings and layers trained
        var words = Assert.Single(before.Keys, k => k.EndsWith("word_embeddings.weight", StringComparison.Ordinal));
        Assert.True(Same(before[words], after[words]), "the word embeddings changed although frozen");
        Assert.False(Same(before["embeddings.position_embeddings.weight"], after["embeddings.position_embeddings.weight"]));
        Assert.Contains(before.Keys.Where(k => k.Contains("encoder.layer.", StringComparison.Ordinal)), k => !Same(before[k], after[k]));
    }

    [Fact]
    public void APrefixThatNamesNoParameterIsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe("[embeddings, layers.0, layers.*.adapter]"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("stages.target.freeze: 'embeddings', 'layers.*.adapter' name no parameter of the bert-encoder body; its parameter groups are wordEmbedding, positionEmbedding,", result.Stderr);
        Assert.Contains("layers.0", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Theory]
    [InlineData("[wordEmbedding, wordEmbedding]", "lists 'wordEmbedding' twice")]
    [InlineData("[\"encoder..layer\"]", "is not a parameter name prefix")]
    [InlineData("[\"layers.*x\"]", "is not a parameter name prefix")]
    [InlineData("wordEmbedding", "must be a list")]
    public void AMalformedFreezeIsReportedAtItsLine(string freeze, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe(freeze));
        var line = Array.FindIndex(File.ReadAllLines(recipe), l => l.TrimStart().StartsWith("freeze:", StringComparison.Ordinal)) + 1;

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"tiny.yaml:{line}:", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }
}
