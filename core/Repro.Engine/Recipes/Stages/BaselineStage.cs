namespace Repro.Engine.Recipes;

/// <summary>No encoder: a classical classifier on a task, an arm to compare with.</summary>
/// <param name="Method">majority, bow_logistic or bow_naive_bayes (<see cref="Baselines.TextBaselines.Methods"/>).</param>
/// <param name="TrainExamples">A subset of the train split to learn from; null for all of it.</param>
public sealed record BaselineStage(string Name, IReadOnlyList<(string Name, Component Task)> NamedTasks, long? Seed, string Pairing, EvalSpec Eval,
    string Method, TrainSubset? TrainExamples)
    : Stage(Name, NamedTasks, null, [], Seed, Pairing, Eval)
{
    /// <inheritdoc/>
    public override TrainSubset? TrainExamples { get; } = TrainExamples;

    /// <inheritdoc/>
    public override StageKind Kind => StageKind.Baseline;

    /// <inheritdoc/>
    public override T Match<T>(Func<TrainingStage, T> training, Func<EvaluateStage, T> evaluate, Func<FuseStage, T> fuse, Func<BaselineStage, T> baseline) => baseline(this);
}
