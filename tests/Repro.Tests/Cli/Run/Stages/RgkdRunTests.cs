using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The <c>rgkd</c> regularizer through the real tool: it changes training, and a killed stage resumes bitwise (the frozen start is checkpointed).</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RgkdRunTests
{
    private static string Recipe(int steps, string regularizers) => $$"""
        name: rgkd
        version: 1.0.0
        seed: 9
        threads: 1
        tokenizer: { max_length: 24 }
        {{TinyRecipes.Model}}
        stages:
        {{TinyRecipes.Pretrain}}
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: {{steps}}
            batch_size: 8
            log_every: 5
            checkpoint_every: 6
            regularizers: [ {{regularizers}} ]
        """;

    private static string RunDirectory(string root) => Directory.GetDirectories(Path.Combine(root, "rgkd@1.0.0")).Single();

    private static List<double> Losses(string run) => File.ReadLines(Path.Combine(run, "steps.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("stage").GetString() == "target" && r.TryGetProperty("loss", out _))
        .Select(r => r.GetProperty("loss").GetDouble()).ToList();

    [Fact]
    public void ThePenaltyChangesTrainingAndAtWeightZeroChangesNothing()
    {
        using var temp = new TempDirectory();
        var off = Cli.Run(temp.Path, "run", temp.Write("off.yaml", Recipe(20, "")), "--out", "off");
        var zero = Cli.Run(temp.Path, "run", temp.Write("zero.yaml", Recipe(20, "{ plugin: rgkd, params: { weight: 0 } }")), "--out", "zero");
        var on = Cli.Run(temp.Path, "run", temp.Write("on.yaml", Recipe(20, "{ plugin: rgkd, params: { weight: 10, representation: tokens } }")), "--out", "on");

        Assert.True(off.ExitCode == 0 && zero.ExitCode == 0 && on.ExitCode == 0, off + "\n" + zero + "\n" + on);
        var (plain, withZero, withRgkd) = (Losses(RunDirectory(Path.Combine(temp.Path, "off"))),
            Losses(RunDirectory(Path.Combine(temp.Path, "zero"))), Losses(RunDirectory(Path.Combine(temp.Path, "on"))));
        Assert.Equal(plain, withZero);           // weight 0: the same training, bit for bit
        Assert.NotEqual(plain, withRgkd);
        Assert.All(withRgkd, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void AKilledRgkdStageResumesToIdenticalResults()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("rgkd.yaml", Recipe(240, "{ plugin: rgkd, params: { weight: 1 } }"));
        // The checkpoint holds the frozen start.
        KilledRun.ResumesToIdenticalResults(temp.Path, recipe, "target");
    }
}
