namespace Repro.Engine.Recipes;

/// <summary>No training: an earlier stage's model, head included, evaluated on a task (<c>from</c> names the stage).</summary>
public sealed record EvaluateStage(string Name, IReadOnlyList<(string Name, Component Task)> NamedTasks, Component? Model,
    IReadOnlyList<string> From, long? Seed, string Pairing, EvalSpec Eval)
    : Stage(Name, NamedTasks, Model, From, Seed, Pairing, Eval)
{
    /// <inheritdoc/>
    public override StageKind Kind => StageKind.Evaluate;

    /// <inheritdoc/>
    public override T Match<T>(Func<TrainingStage, T> training, Func<EvaluateStage, T> evaluate, Func<FuseStage, T> fuse, Func<BaselineStage, T> baseline) => evaluate(this);
}
