namespace Repro.Engine.Recipes;

/// <summary>No training: a weighted average of the bodies of several earlier stages (Choshen et al. 2022), a base for later stages.</summary>
/// <param name="Weights">A weight per source (normalised to sum 1); null for uniform.</param>
public sealed record FuseStage(string Name, IReadOnlyList<string> From, IReadOnlyList<double>? Weights)
    : Stage(Name, [], null, From, null, "task", Nothing)
{
    /// <summary>A fuse stage evaluates nothing.</summary>
    private static readonly EvalSpec Nothing = new(0, [], null);

    /// <inheritdoc/>
    public override StageKind Kind => StageKind.Fuse;

    /// <inheritdoc/>
    public override T Match<T>(Func<TrainingStage, T> training, Func<EvaluateStage, T> evaluate, Func<FuseStage, T> fuse, Func<BaselineStage, T> baseline) => fuse(this);
}
