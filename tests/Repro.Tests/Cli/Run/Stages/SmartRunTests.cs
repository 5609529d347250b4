using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The <c>smart</c> regularizer through the real tool: training, refusal, and bitwise resume.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SmartRunTests
{
    private static string Recipe(int steps, string smartParams) => $$"""
        name: smart
        version: 1.0.0
        seed: 5
        threads: 1
        tokenizer: { max_length: 24 }
        {{TinyRecipes.Model}}
        stages:
          target:
            kind: finetune
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: {{steps}}
            batch_size: 8
            log_every: 5
            checkpoint_every: 6
            regularizers: [ { plugin: smart, params: { {{smartParams}} } } ]
        """;

    private static string RunDirectory(string root) => Directory.GetDirectories(Path.Combine(root, "smart@1.0.0")).Single();

    [Fact]
    public void ATinyFineTuneTrainsWithBothParts()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("smart.yaml", Recipe(10, "epsilon: 1.0e-3, sigma: 1.0e-3, beta: 0.9"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var losses = File.ReadLines(Path.Combine(RunDirectory(Path.Combine(temp.Path, "runs")), "steps.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.TryGetProperty("loss", out _))
            .Select(r => r.GetProperty("loss").GetDouble()).ToList();
        Assert.Equal(2, losses.Count);
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0));
    }

    [Fact]
    public void BothPartsOffIsRefusedWithTheStageAndPlugin()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("smart.yaml", Recipe(10, "adversarial: false, proximal: false"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("plugin 'smart' 1.0.0 failed in stage 'target' (Create)", result.Stderr);
        Assert.Contains("adversarial and proximal are both false", result.Stderr);
    }

    [Fact]
    public void AKilledSmartStageResumesToIdenticalResults()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("smart.yaml", Recipe(240, "epsilon: 1.0e-3, sigma: 1.0e-3, beta: 0.9"));
        // The checkpoint holds the momentum teacher.
        KilledRun.ResumesToIdenticalResults(temp.Path, recipe, "target");
    }
}
