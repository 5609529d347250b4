using System.Text.Json.Nodes;
using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Every evaluated split of a classification stage and of a baseline leaves its per-example predictions
/// (<c>stages/&lt;stage&gt;/predictions/&lt;split&gt;.jsonl.gz</c>): the metrics recompute from them, and a stage served from the
/// stage cache brings the predictions of the run that computed it, byte for byte.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PredictionFileTests
{
    private static readonly string Recipe = TinyRecipes.TwoStage(extraStages: """
          base:
            kind: baseline
            method: bow_logistic
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            eval: { splits: [dev, test] }
        """).Replace("""
            log_every: 5
        """, """
            log_every: 5
            eval: { splits: [dev, test] }
        """);

    [Fact]
    public void TheMetricsRecomputeFromThePredictionsAndTheCacheKeepsThem()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe);
        var cache = Path.Combine(temp.Path, "cache");
        var first = Cli.Run(temp.Path, "run", recipe, "--out", "first", "--cache", cache);
        Assert.True(first.ExitCode == 0, first.ToString());
        var run = Directory.GetDirectories(Path.Combine(temp.Path, "first", "tiny@1.0.0")).Single();
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")))!["stages"]!;

        foreach (var (stage, split) in new[] { ("target", "dev"), ("target", "test"), ("base", "dev"), ("base", "test") })
        {
            var rows = PredictionFile.Read(Path.Combine(run, "stages", stage, "predictions", $"{split}.jsonl.gz"));
            Assert.Equal(split == "dev" ? 30 : 60, rows.Count);
            Assert.Equal(rows.Count, rows.Select(r => r["id"]!.GetValue<string>()).Distinct().Count());
            var correct = rows.Count(r => r["gold"]!.GetValue<string>() == r["prediction"]!.GetValue<string>());
            Assert.Equal(metrics[stage]![split]!["accuracy"]!.GetValue<double>(), (double)correct / rows.Count, 12);
            var labels = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "stages", stage, "done.json")))!["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
            foreach (var row in rows.Where(_ => stage == "target"))
            {
                // Probabilities in label order: they sum to one and the prediction is their argmax.
                var p = row["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
                Assert.Equal(1.0, p.Sum(), 5);
                Assert.Equal(labels[p.IndexOf(p.Max())], row["prediction"]!.GetValue<string>());
            }
        }
        // A masked-LM stage's outcomes are per token: it writes none.
        Assert.False(Directory.Exists(Path.Combine(run, "stages", "pretrain", "predictions")));

        var second = Cli.Run(temp.Path, "run", recipe, "--out", "second", "--cache", cache);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("reused from the cache", second.Stdout);
        var again = Directory.GetDirectories(Path.Combine(temp.Path, "second", "tiny@1.0.0")).Single();
        foreach (var split in new[] { "dev", "test" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run, "stages", "target", "predictions", $"{split}.jsonl.gz")),
                File.ReadAllBytes(Path.Combine(again, "stages", "target", "predictions", $"{split}.jsonl.gz")));
    }
}
