using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro run` with a library tokenizer, end to end through the real tool.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TokenizerRunTests
{
    [Fact]
    public void APrunedGpt2RunTrainsRecordsItsTokenizerAndCachesTokens()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("tokenizer: { max_length: 24 }", "tokenizer: { type: gpt2, prune: true, max_length: 24 }"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--cache", "cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")));
        var tokenizer = manifest.RootElement.GetProperty("tokenizer");
        Assert.Equal("gpt2", tokenizer.GetProperty("type").GetString());
        Assert.True(tokenizer.GetProperty("pruned").GetBoolean());
        Assert.StartsWith("Microsoft.ML.Tokenizers 2.", tokenizer.GetProperty("library").GetString());
        Assert.Equal(64, tokenizer.GetProperty("files")[0].GetProperty("sha256").GetString()!.Length);
        Assert.InRange(tokenizer.GetProperty("vocabulary_size").GetInt32(), 6, 2000);
        Assert.Equal(24, tokenizer.GetProperty("max_length").GetInt32());
        Assert.Contains("prune: true", File.ReadAllText(Path.Combine(run, "recipe.yaml")));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var perplexity = metrics.RootElement.GetProperty("stages").GetProperty("pretrain").GetProperty("dev").GetProperty("perplexity").GetDouble();
        Assert.True(double.IsFinite(perplexity), $"perplexity {perplexity}");
        // pretrain train/dev and target train/dev/test, each encoded once and stored.
        Assert.Equal(5, Directory.GetFiles(Path.Combine(temp.Path, "cache", "tokens"), "*.bin").Length);
    }
}
