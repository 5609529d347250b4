using Repro.Engine.Data;
using Repro.Engine.Recipes;

namespace Repro.Engine.Training;

/// <summary>The examples a training stage draws its batches from.</summary>
internal static class TrainingData
{
    /// <summary>
    /// The examples a stage trains on, each with its task's index: every task's train split (or its <c>train_examples</c>
    /// subset) in task order; with uniform sampling each task is cycled to the size of the largest.
    /// </summary>
    public static List<(int Member, EncodedExample Example)> Examples(RunContext run, StageSpec stage, IReadOnlyList<StageMember> members)
    {
        var perTask = members.Select(m => TrainSplit(run, stage, m)).ToList();
        var size = stage.Mixture?.Sampling == TaskSampling.Uniform ? perTask.Max(t => t.Count) : 0;
        return [.. perTask.SelectMany((examples, i) => size == 0
            ? examples.Select(e => (i, e))
            : Enumerable.Range(0, size).Select(k => (i, examples[k % examples.Count])))];
    }

    /// <summary>
    /// The examples one task trains on: the train split, or its <c>train_examples</c> subset, fixed by the example ids or,
    /// with <c>draw: seed</c>, drawn from the stage's random streams (shared by arms that pair on the task).
    /// </summary>
    private static IReadOnlyList<EncodedExample> TrainSplit(RunContext run, StageSpec stage, StageMember member)
    {
        var train = member.Task.Encoded("train");
        var id = stage.NamedTasks.First(t => t.Name == member.Name).Task.Id;
        if (train.Count == 0) throw new ReproException($"stage '{stage.Name}': task '{id}' has an empty train split");
        if (stage.TrainExamples is not { } count) return train;
        if (count > train.Count)
            throw new ReproException($"stages.{stage.Name}.train_examples is {count}, but task '{id}' has only {train.Count} train examples");
        long? draw = stage.TrainExamplesPerSeed ? run.Seeds.For(stage.RandomStreams, "train-subset", stage.Seed) : null;
        return TrainingSubset.Select(member.Task.Task.Get("train"), count, draw).Select(i => train[i]).ToList();
    }
}
