using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// The shipped recipes/decoder-brown.yaml through <c>repro run</c> on a tiny budget (real Brown and UCI sentiment data, from
/// install-data.sh): a GPT-2-layout decoder pretrains by next-token prediction, then both arms fine-tune.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class DecoderBrownRecipeTests
{
    [Fact]
    public void TheDecoderRecipeRunsCausalPretrainingAndBothArms()
    {
        using var temp = new TempDirectory();
        var result = Cli.Run(temp.Path, "run", Path.Combine(Paths.Recipes, "decoder-brown.yaml"), "--seed", "1", "--out", "runs",
            "--set", "stages.pretrain.steps=20", "--set", "stages.pretrain.task.params.max_sentences=2000",
            "--set", "stages.target.epochs=1", "--set", "stages.scratch.epochs=1");
        Assert.True(result.ExitCode == 0, result.ToString());

        var run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "decoder-brown@1.0.0")).Single();
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")));
        var vocabulary = manifest.RootElement.GetProperty("tokenizer").GetProperty("vocabulary_size").GetInt32();
        var pretrain = metrics.RootElement.GetProperty("stages").GetProperty("pretrain").GetProperty("dev");
        var loss = pretrain.GetProperty("loss").GetDouble();
        // 20 steps of next-token training must beat a uniform guess over the vocabulary, ln V.
        Assert.True(loss < Math.Log(vocabulary), $"pretrain dev loss {loss} is no better than uniform ({Math.Log(vocabulary)})");
        Assert.Equal(Math.Exp(loss), pretrain.GetProperty("perplexity").GetDouble(), 1e-9);
        Assert.InRange(pretrain.GetProperty("accuracy").GetDouble(), 0, 1);
        foreach (var arm in new[] { "target", "scratch" })
            Assert.InRange(metrics.RootElement.GetProperty("stages").GetProperty(arm).GetProperty("test").GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Contains("objective: causallm", File.ReadAllText(Path.Combine(run, "recipe.yaml")));
        Assert.Contains("\"head_target\": \"causal_lm\"", File.ReadAllText(Path.Combine(run, "stages", "pretrain", "done.json")));
    }
}
