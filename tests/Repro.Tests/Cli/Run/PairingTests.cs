using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Common random numbers: arms of one task share their random streams unless a stage opts out.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PairingTests
{
    private const string Twin = """
          twin:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 10
            batch_size: 8
            log_every: 5
        """;

    [Fact]
    public void IdenticalArmsUnderDifferentNamesGiveBitwiseEqualMetricsAndWeights()
    {
        var (metrics, weights) = Run(Twin);
        Assert.Equal(metrics.GetProperty("target").GetRawText(), metrics.GetProperty("twin").GetRawText());
        Assert.Equal(weights["target"], weights["twin"]);
    }

    [Fact]
    public void PairingStageGivesAnArmItsOwnStreams()
    {
        var (_, weights) = Run(Twin + "\n    pairing: stage\n");
        Assert.NotEqual(weights["target"], weights["twin"]);
    }

    [Fact]
    public void APairingGroupIsWrittenIntoTheResolvedRecipe()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: Twin + "\n    pairing: arms-b\n"));
        var result = Cli.Run(temp.Path, "describe", recipe);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pairing: arms-b", result.Stdout);
        Assert.Contains("pairing: task", result.Stdout);
    }

    /// <summary>The run's metrics by stage, and each stage's body and head SHA-256.</summary>
    private static (JsonElement Metrics, Dictionary<string, string> Weights) Run(string extraStages)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: extraStages));
        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var file = Directory.GetFiles(Path.Combine(temp.Path, "runs"), "metrics.json", SearchOption.AllDirectories).Single();
        var weights = new Dictionary<string, string>();
        foreach (var stage in new[] { "target", "twin" })
        {
            var done = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "stages", stage, "done.json"))).RootElement;
            weights[stage] = done.GetProperty("body_sha256").GetString() + " " + done.GetProperty("head_sha256").GetString();
        }
        return (JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("stages").Clone(), weights);
    }
}
