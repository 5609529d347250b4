using Repro.Contracts;
using static TorchSharp.torch;

namespace Acme.Regularizers;

/// <summary>Parameters of <see cref="ExampleRegularizerPlugin"/>: recipes write them in snake_case.</summary>
public sealed class ExampleRegularizerParameters
{
    [Param("Weight of the mean squared norm of the pooled sentence vectors.", Min = 0)]
    public double Weight { get; set; } = 0.01;
}

/// <summary>
/// Keeps sentence vectors small: adds weight · mean ‖pooled‖² to each step's loss.
/// Bump the version whenever a change can alter results.
/// </summary>
[Plugin("acme-regularizers", "1.0.0", Description = "Example regularizer: penalises the squared norm of the pooled vectors", Determinism = DeterminismTier.SameHardware)]
public sealed class ExampleRegularizerPlugin : RegularizerPlugin<ExampleRegularizerParameters>
{
    public override Regularizer Create(ExampleRegularizerParameters parameters) => new PooledNormPenalty(parameters.Weight);
}

/// <summary>The penalty of one stage. Random numbers, if a regularizer needs any, come from <see cref="StageStart.Generator"/>.</summary>
public sealed class PooledNormPenalty(double weight) : Regularizer
{
    public override Tensor? Penalty(TrainingStep step) =>
        weight == 0 ? null : step.Pooled.square().sum(-1).mean() * weight;
}
