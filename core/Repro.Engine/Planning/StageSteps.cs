using Repro.Engine.Recipes;

namespace Repro.Engine.Planning;

/// <summary>How many optimizer steps a stage takes: the one count, which the planner checks and the training loop runs.</summary>
internal static class StageSteps
{
    /// <summary>
    /// A training stage's <c>steps</c>, or its <c>epochs</c> over its train examples (each task's train split or its
    /// <c>train_examples</c>; with uniform sampling every task cycled to the largest) in batches; 0 for a stage that does not
    /// train. A long, so that a count no step counter holds can be refused.
    /// </summary>
    public static long Of(Stage stage, IReadOnlyList<PlannedTask> tasks)
    {
        if (stage is not TrainingStage { Training: var training } || tasks.Count == 0) return 0;
        return training.Steps ?? training.Epochs!.Value * ((Examples(stage, tasks) + training.BatchSize - 1) / training.BatchSize);
    }

    /// <summary>The examples one epoch of a training stage goes through; 0 for a stage that does not train.</summary>
    public static long Examples(Stage stage, IReadOnlyList<PlannedTask> tasks)
    {
        if (stage is not TrainingStage { Training: var training } trainingStage || tasks.Count == 0) return 0;
        var sizes = tasks.Select(t => (long)Math.Min(training.TrainExamples?.Count ?? int.MaxValue, t.Task.Get("train").Count)).ToList();
        return trainingStage.Mixture?.Sampling == TaskSampling.Uniform ? sizes.Max() * sizes.Count : sizes.Sum();
    }
}
