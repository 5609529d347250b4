using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Checks that need the loaded tasks run before the run directory exists: evaluation splits, names the file system can hold.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PlanChecksTests
{
    [Fact]
    public void AnEvaluationSplitTheTaskDoesNotHaveIsRefusedBeforeAnyStageTrains()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("    log_every: 5\n", "    log_every: 5\n    eval: { splits: [dev, tset] }\n"));
        Assert.Contains("tset", File.ReadAllText(recipe));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Refusal.AssertBeforeWriting(temp, result, "stages.target.eval.splits: task 'synthetic-topic' has no split 'tset'; did you mean 'test'?");
        Assert.DoesNotContain("pretrain: done", result.Stdout);
    }

    [Fact]
    public void AMultitaskStageEvaluatedOnAMissingSplitIsRefusedNotACrash()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("muppet.yaml", $$"""
            name: muppet
            version: 1.0.0
            seed: 5
            threads: 1
            tokenizer: { max_length: 24 }
            {{TinyRecipes.Model}}
            stages:
              muppet:
                kind: multitask
                tasks:
                  topic: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
                  agreement: { plugin: synthetic-agreement, params: { train_size: 40, dev_size: 30, test_size: 30 } }
                epochs: 1
                batch_size: 8
                eval: { splits: [validation] }
            """);

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        // Both tasks' problems, each named by its task and at the eval.splits line.
        Refusal.AssertBeforeWriting(temp, result, "has no split 'validation'");
        Assert.Matches(@"muppet\.yaml:\d+:\d+: stages\.muppet\.eval\.splits: task 'topic'", result.Stderr);
        Assert.Contains("stages.muppet.eval.splits: task 'topic' (synthetic-topic) has no split 'validation'", result.Stderr);
        Assert.Contains("stages.muppet.eval.splits: task 'agreement' (synthetic-agreement) has no split 'validation'", result.Stderr);
    }

    [Fact]
    public void AnEvaluateStageWhoseTaskDoesNotFitItsUpstreamHeadIsRefusedBeforeAnyStageTrains()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: """
              probe:
                kind: evaluate
                from: pretrain
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Refusal.AssertBeforeWriting(temp, result, "stages.probe evaluates 'pretrain', whose head predicts maskedlm, but task 'synthetic-topic' needs");
        Assert.Matches(@"tiny\.yaml:\d+:\d+: stages\.probe evaluates", result.Stderr);
        Assert.DoesNotContain("pretrain: done", result.Stdout);
    }

    [Fact]
    public void ANameTooLongForAFolderIsARecipeProblem()
    {
        using var temp = new TempDirectory();
        var name = new string('a', 300);
        var recipe = temp.Write("long.yaml", TinyRecipes.TwoStage(name: name));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Refusal.AssertBeforeWriting(temp, result, $"long.yaml:1:7: recipe.name '{name[..40]}…' must be 1 to 100 lower-case letters");
    }
}
