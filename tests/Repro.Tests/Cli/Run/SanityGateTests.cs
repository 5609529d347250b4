using Repro.Contracts;
using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Sanity gates: a stage that did not fit, a stage at chance on dev, a pretrained arm that does not beat scratch.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SanityGateTests
{
    private sealed class LabelledTask(Dictionary<string, int[]> splits) : ITask
    {
        public TargetKind Target => TargetKind.Classification;
        public IReadOnlyList<string> Labels => ["a", "b", "c"];
        public bool IsPair => false;
        public IReadOnlyList<string> Splits => [.. splits.Keys];
        public IReadOnlyList<string> Metrics => [MetricNames.Accuracy];
        public IReadOnlyList<Example> Get(string split) => splits[split].Select((l, i) => new Example($"{split}-{i}", "text", Label: l)).ToList();
    }

    [Fact]
    public void ChanceLevelsComeFromTheTrainingSplitsClassFrequencies()
    {
        var task = new LabelledTask(new() { ["train"] = [0, 0, 0, 1], ["dev"] = [0, 1, 1, 1], ["test"] = [2, 0] });

        var chance = ChanceLevel.Of(task)!;

        Assert.Equal(0.75, chance["train"].MajorityRate);
        Assert.Equal(-(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25)), chance["train"].PriorLoss!.Value, 6);
        Assert.Equal(0.25, chance["dev"].MajorityRate);
        Assert.Equal(-(0.25 * Math.Log(0.75) + 0.75 * Math.Log(0.25)), chance["dev"].PriorLoss!.Value, 6);
        // class 2 never occurs in training: answering the training frequencies has no finite loss on test
        Assert.Equal(0.5, chance["test"].MajorityRate);
        Assert.Null(chance["test"].PriorLoss);
        Assert.Null(ChanceLevel.Of(new Repro.Tests.Support.InMemoryTask(new() { ["train"] = ["a b c"] })));
    }

    private const string Recipe = """
        name: gate
        version: 1.0.0
        description: one arm that cannot learn in 10 steps, one that fits its training data
        seeds: [1, 2]
        threads: 1
        tokenizer: { max_length: 24 }
        model:
          plugin: bert-encoder
          params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32, dropout: 0.1 }
        stages:
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 400, dev_size: 50 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 12
            batch_size: 16
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 10
            batch_size: 8
          scratch:
            kind: finetune
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-2 }
            steps: 200
            batch_size: 8
        analysis:
          primary: test/accuracy
          comparisons: [[scratch, target]]
          min_effect: 0.05
        """;

    [Fact]
    public void CompareAndReportNameTheArmsThatDidNotLearn()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("gate.yaml", Recipe);
        var run = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");
        Assert.True(run.ExitCode == 0, run.ToString());
        var group = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "gate@1.0.0"), "group-*"));

        var compare = Cli.Run(temp.Path, "compare", group, "--markdown", "analysis.md");
        var report = Cli.Run(temp.Path, "report", group);

        Assert.True(compare.ExitCode == 0, compare.ToString());
        var output = string.Join(" ", compare.Stdout.Split('\n').Select(l => l.Trim()));
        Assert.Contains("⚠ stage 'target' did not fit its training data: its final training loss", output);
        Assert.Contains("the loss of answering the training class frequencies", output);
        Assert.Contains("⚠ stage 'target' is at chance on dev: accuracy 0.1667 against 0.1667", output);
        Assert.Contains("⚠ the pretrained arm 'target' does not beat its scratch arm 'scratch' on test/accuracy", output);
        Assert.DoesNotContain("stage 'scratch'", output);
        var markdown = File.ReadAllText(Path.Combine(temp.Path, "analysis.md"));
        Assert.Contains("## Sanity checks", markdown);
        Assert.Contains("- **⚠ stage 'target' is at chance on dev", markdown);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("**⚠ the pretrained arm 'target' does not beat its scratch arm 'scratch'", File.ReadAllText(Path.Combine(group, "report", "report.md")));
    }

    [Fact]
    public void ACachedStageIsCheckedAgainstTheLogTheCacheKeptOrReportedNotChecked()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("gate.yaml", Recipe);
        var cache = Path.Combine(temp.Path, "cache");
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "first", "--cache", cache).ExitCode);
        var second = Cli.Run(temp.Path, "run", recipe, "--out", "second", "--cache", cache);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("reused from the cache", second.Stdout);
        var group = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "second", "gate@1.0.0"), "group-*"));

        // Every stage came from the cache, so this group's own logs hold no training rows: the kept logs decide.
        var served = Cli.Run(temp.Path, "compare", group);
        Assert.True(served.ExitCode == 0, served.ToString());
        Assert.Contains("⚠ stage 'target' did not fit its training data", served.Stdout);
        Assert.DoesNotContain("not checked", served.Stdout);

        // An entry stored before the cache kept logs: its stages cannot be checked, and are not counted as passed.
        foreach (var kept in Directory.GetFiles(Path.GetDirectoryName(group)!, "cached-steps.jsonl", SearchOption.AllDirectories)) File.Delete(kept);
        var notChecked = Cli.Run(temp.Path, "compare", group);
        Assert.True(notChecked.ExitCode == 0, notChecked.ToString());
        var output = string.Join(" ", notChecked.Stdout.Split('\n').Select(l => l.Trim()));
        Assert.DoesNotContain("did not fit its training data", output);
        Assert.Contains("not checked: whether 'target', 'scratch' fit their training data: served from the stage cache without the training log of the run that computed them", output);
    }
}
