using Repro.Contracts;
using static TorchSharp.torch;

namespace FaultyPlugins;

/// <summary>Parameters of <see cref="FaultyRegularizerPlugin"/>.</summary>
public sealed class FaultyRegularizerParameters
{
    [Param("The step whose Penalty throws.", Min = 1)]
    public int FailAtStep { get; set; } = 3;
}

/// <summary>A regularizer that adds nothing until its Penalty throws.</summary>
[Plugin("faulty-regularizer", "1.0.0", Description = "Test fixture: Penalty throws at a given step")]
public sealed class FaultyRegularizerPlugin : RegularizerPlugin<FaultyRegularizerParameters>
{
    public override Regularizer Create(FaultyRegularizerParameters parameters) => new Faulty(parameters.FailAtStep);

    private sealed class Faulty(int failAtStep) : Regularizer
    {
        public override Tensor? Penalty(TrainingStep step) =>
            step.Step == failAtStep ? throw new InvalidOperationException($"penalty exploded at step {step.Step}") : null;
    }
}
