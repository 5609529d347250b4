using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Bench.RawLoop;

/// <summary>AdamW with weight decay on matrices only, global-norm gradient clipping without a host sync, and a linear warmup/decay schedule.</summary>
public static class RawOptimizer
{
    public static optim.Optimizer AdamW(IReadOnlyList<Parameter> parameters, RawSettings s) => optim.AdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = s.WeightDecay, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }),
        ],
        s.Lr, 0.9, 0.999, 1e-8, s.WeightDecay);

    /// <summary>Scales all gradients so their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    public static void ClipGradients(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        var total = stack(grads.Select(g => linalg.vector_norm(g)).ToArray()).norm();
        var coefficient = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(coefficient);
    }

    /// <summary>Learning rate of 1-based <paramref name="step"/>: linear warmup to the peak, then linear decay to zero.</summary>
    public static double LearningRate(RawSettings s, int step)
    {
        var warmup = Math.Min(s.Steps, (int)Math.Round(s.WarmupRatio * s.Steps));
        var i = step - 1;
        if (i < warmup) return s.Lr * (i + 1) / warmup;
        return s.Lr * (1 - (double)(i - warmup) / Math.Max(1, s.Steps - warmup));
    }
}
