using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Tests.Support;

namespace Repro.Tests;

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
}
