using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Weight averaging of models of one architecture (model soups, Wortsman et al. 2022; fusing, Choshen et al. 2022):
/// every floating-point parameter and buffer becomes Σᵢ wᵢ·θᵢ, summed in source order so the result is bitwise
/// reproducible; integer buffers must agree across the sources and are copied.
/// </summary>
internal static class BodyFusion
{
    /// <summary>Writes the weighted average of <paramref name="sources"/> into <paramref name="target"/>; weights sum to 1.</summary>
    public static void Average(nn.Module target, IReadOnlyList<(string Name, nn.Module Module)> sources, IReadOnlyList<double> weights)
    {
        using var noGrad = no_grad();
        var states = sources.Select(s => (s.Name, State: s.Module.state_dict())).ToList();
        foreach (var (key, tensor) in target.state_dict())
        {
            var parts = states.Select(s => s.State.TryGetValue(key, out var t) ? t
                : throw new ReproException($"stage '{s.Name}' has no tensor '{key}': the stages to fuse must share one architecture")).ToList();
            for (var i = 0; i < parts.Count; i++)
                if (!parts[i].shape.SequenceEqual(tensor.shape))
                    throw new ReproException($"tensor '{key}' of stage '{states[i].Name}' has shape [{string.Join(", ", parts[i].shape)}], " +
                                             $"expected [{string.Join(", ", tensor.shape)}]: the stages to fuse must share one architecture");
            if (!tensor.is_floating_point())
            {
                for (var i = 1; i < parts.Count; i++)
                    if (!parts[i].eq(parts[0]).all().item<bool>())
                        throw new ReproException($"buffer '{key}' differs between stages '{states[0].Name}' and '{states[i].Name}' and cannot be averaged");
                tensor.copy_(parts[0]);
                continue;
            }
            tensor.zero_();
            for (var i = 0; i < parts.Count; i++) tensor.add_(parts[i], alpha: weights[i]);
        }
    }

    /// <summary>The weights normalised to sum 1; uniform when none are given.</summary>
    public static IReadOnlyList<double> Normalise(IReadOnlyList<double>? weights, int count)
    {
        if (weights is null) return Enumerable.Repeat(1.0 / count, count).ToList();
        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToList();
    }
}
