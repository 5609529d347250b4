using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Tests.Support;

namespace Repro.Tests;

[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TrainExamplesTests
{
    private static readonly IReadOnlyList<Example> Train = Enumerable.Range(0, 200).Select(i => new Example($"ex-{i}", $"text {i}", Label: i % 2)).ToList();

    [Fact]
    public void SubsetIsFixedByIdsKeepsOrderAndGrowsAsASuperset()
    {
        var ten = TrainingSubset.Select(Train, 10);
        var fifty = TrainingSubset.Select(Train, 50);

        Assert.Equal(10, ten.Length);
        Assert.Equal(ten, TrainingSubset.Select(Train.Reverse().ToList(), 10).Select(i => 199 - i).Order());
        Assert.Equal(ten.Order(), ten);
        Assert.Subset(fifty.ToHashSet(), ten.ToHashSet());
        Assert.NotEqual(Enumerable.Range(0, 10), ten);
    }

    [Fact]
    public void AStageTrainsOnItsSubsetAndRefusesOneLargerThanTheSplit()
    {
        using var temp = new TempDirectory();
        string Recipe(int n) => $"""
            name: subset
            version: 1.0.0
            threads: 1
            {TinyRecipes.Model}
            stages:
              target:
                kind: finetune
                task: {"{"} plugin: synthetic-topic, params: {"{"} train_per_class: 10, dev_size: 20, test_size: 20 {"}"} {"}"}
                train_examples: {n}
                epochs: 1
                batch_size: 4
            """;

        var run = Cli.Run(temp.Path, "run", temp.Write("ok.yaml", Recipe(8)), "--out", "runs");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("target: 2 steps", run.Stdout);
        Assert.Contains("train_examples: 8", File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "recipe.yaml", SearchOption.AllDirectories).Single()));

        var tooMany = Cli.Run(temp.Path, "run", temp.Write("big.yaml", Recipe(100000)), "--out", "runs");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("stages.target.train_examples is 100000, but task 'synthetic-topic' has only", tooMany.Stderr);
    }

    [Fact]
    public void ADrawnSubsetDependsOnTheDrawAndStillGrowsAsASuperset()
    {
        var (one, again, two) = (TrainingSubset.Select(Train, 10, draw: 1), TrainingSubset.Select(Train, 10, draw: 1), TrainingSubset.Select(Train, 10, draw: 2));

        Assert.Equal(one, again);
        Assert.NotEqual(one, two);
        Assert.NotEqual(TrainingSubset.Select(Train, 10), one);
        Assert.Subset(TrainingSubset.Select(Train, 50, draw: 2).ToHashSet(), two.ToHashSet());
    }

    [Fact]
    public void ArmsPairedOnATaskShareTheSubsetTheirSeedDraws()
    {
        using var temp = new TempDirectory();
        string Recipe(string draw) => $"""
            name: drawn
            version: 1.0.0
            threads: 1
            {TinyRecipes.Model}
            stages:
              a:
                kind: finetune
                task: {"{"} plugin: synthetic-topic, params: {"{"} train_per_class: 10, dev_size: 20, test_size: 20 {"}"} {"}"}
                train_examples: {"{"} count: 6, draw: {draw} {"}"}
                epochs: 2
                batch_size: 3
                log_every: 1
              b:
                kind: finetune
                task: {"{"} plugin: synthetic-topic, params: {"{"} train_per_class: 10, dev_size: 20, test_size: 20 {"}"} {"}"}
                train_examples: {"{"} count: 6, draw: {draw} {"}"}
                epochs: 2
                batch_size: 3
                log_every: 1
            """;
        // The training losses per stage, step by step: they differ exactly when the examples differ.
        Dictionary<string, string> Losses(string draw)
        {
            var run = Cli.Run(temp.Path, "run", temp.Write($"{draw}.yaml", Recipe(draw)), "--out", draw, "--seed", "3");
            Assert.True(run.ExitCode == 0, run.ToString());
            var folder = Directory.GetDirectories(Path.Combine(temp.Path, draw), "*-seed3", SearchOption.AllDirectories).Single();
            if (draw == "seed") Assert.Contains("draw: seed", File.ReadAllText(Path.Combine(folder, "recipe.yaml")));
            return File.ReadLines(Path.Combine(folder, "steps.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(r => r.GetProperty("kind").GetString() == "train")
                .GroupBy(r => r.GetProperty("stage").GetString()!)
                .ToDictionary(g => g.Key, g => string.Join(",", g.Select(r => r.GetProperty("loss").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        }

        var drawn = Losses("seed");
        var fixedByIds = Losses("fixed");

        Assert.Equal(drawn["a"], drawn["b"]);              // common random numbers: one subset for both arms
        Assert.NotEqual(fixedByIds["a"], drawn["a"]);      // the same streams on another subset of examples
    }
}
