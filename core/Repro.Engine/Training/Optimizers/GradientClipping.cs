using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Training.Optimizers;

/// <summary>Global-norm gradient clipping (a stage's <c>grad_clip</c>).</summary>
internal static class GradientClipping
{
    /// <summary>
    /// Scales gradients so their global L2 norm is at most <paramref name="maxNorm"/>, as
    /// torch.nn.utils.clip_grad_norm_ does, but without reading the norm back to the host.
    /// </summary>
    public static void Clip(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (maxNorm <= 0) return;
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return;
        var total = stack(grads.Select(g => linalg.vector_norm(g)).ToArray()).norm();
        var coefficient = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(coefficient);
    }
}
