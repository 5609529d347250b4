using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;

namespace Repro.Engine.Training;

/// <summary>The examples a training stage draws its batches from.</summary>
internal static class TrainingData
{
    /// <summary>
    /// The examples a stage trains on, each with its task's index: every task's train split (or its <c>train_examples</c>
    /// subset) in task order; with uniform sampling each task is cycled to the size of the largest.
    /// </summary>
    public static List<(int Member, EncodedExample Example)> Examples(RunContext run, TrainingStage stage, IReadOnlyList<StageMember> members)
    {
        var perTask = members.Select(m => TrainSplit(run, stage, m)).ToList();
        var size = stage.Mixture?.Sampling == TaskSampling.Uniform ? perTask.Max(t => t.Count) : 0;
        return [.. perTask.SelectMany((examples, i) => size == 0
            ? examples.Select(e => (i, e))
            : Enumerable.Range(0, size).Select(k => (i, examples[k % examples.Count])))];
    }

    /// <summary>The examples one task trains on, encoded.</summary>
    private static IReadOnlyList<EncodedExample> TrainSplit(RunContext run, Stage stage, StageMember member) =>
        Subset(run, stage, member.Task.Task.Get("train"), member.Task.Encoded("train"));

    /// <summary>
    /// The train split a stage uses: all of it, or its <c>train_examples</c> subset, fixed by the example ids or, with
    /// <c>draw: seed</c>, drawn from the stage's random streams (shared by arms that pair on the task). The planner has
    /// checked that the split is non-empty and holds at least <c>train_examples</c>.
    /// </summary>
    /// <param name="items">The split's examples as the stage uses them (raw or encoded), in the order of <paramref name="train"/>.</param>
    public static IReadOnlyList<T> Subset<T>(RunContext run, Stage stage, IReadOnlyList<Contracts.Example> train, IReadOnlyList<T> items)
    {
        if (stage.TrainExamples is not { } subset) return items;
        long? draw = subset.PerSeed ? run.Seeds.For(stage.RandomStreams, SeedPurpose.TrainSubset, stage.Seed) : null;
        return [.. TrainingSubset.Select(train, subset.Count, draw).Select(i => items[i])];
    }

    /// <inheritdoc cref="Subset{T}"/>
    public static IReadOnlyList<Contracts.Example> Subset(RunContext run, Stage stage, IReadOnlyList<Contracts.Example> train) =>
        Subset(run, stage, train, train);
}
