using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers;

/// <summary>The norm that bounds an embedding perturbation, taken per token over the hidden dimension.</summary>
public enum PerturbationNorm
{
    /// <summary>‖δ‖∞ ≤ ε: each coordinate within ±ε (SMART's choice).</summary>
    Linf,

    /// <summary>‖δ‖₂ ≤ ε per token.</summary>
    L2,
}

/// <summary>Ascent directions and projections under a <see cref="PerturbationNorm"/>.</summary>
public static class PerturbationNorms
{
    /// <summary>Keeps 0/0 finite when a gradient vanishes.</summary>
    private const double Tiny = 1e-12;

    /// <summary>The gradient scaled to unit norm per token (the normalised ascent direction).</summary>
    public static Tensor Direction(this PerturbationNorm norm, Tensor gradient) => norm switch
    {
        PerturbationNorm.Linf => gradient / (gradient.abs().amax([-1], keepdim: true) + Tiny),
        _ => gradient / (gradient.square().sum(-1, keepdim: true).sqrt() + Tiny),
    };

    /// <summary>The perturbation projected onto the ε-ball, per token.</summary>
    public static Tensor Project(this PerturbationNorm norm, Tensor delta, double epsilon) => norm switch
    {
        PerturbationNorm.Linf => delta.clamp(-epsilon, epsilon),
        _ => delta * (epsilon / (delta.square().sum(-1, keepdim: true).sqrt() + Tiny)).clamp_max(1),
    };
}
