using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Repro.Plugins.Regularizers;

/// <summary>
/// ℓ_s of SMART (Jiang et al., 2020): how far two model outputs of the same inputs are apart. Logits
/// (rows, classes): the symmetric KL divergence KL(p‖q) + KL(q‖p), summed over classes, averaged over
/// rows. Regression values (rows): the mean squared difference.
/// </summary>
public static class OutputDivergence
{
    /// <summary>ℓ_s(a, b) as a scalar; zero when there are no rows (a masked-LM batch without masks).</summary>
    public static Tensor Of(Tensor a, Tensor b)
    {
        var rows = Math.Max(a.shape[0], 1);
        if (a.dim() == 1) return (a - b).square().sum() / rows;
        var logP = log_softmax(a, -1);
        var logQ = log_softmax(b, -1);
        // KL(p‖q) + KL(q‖p) = Σ (p − q)(log p − log q)
        return ((logP.exp() - logQ.exp()) * (logP - logQ)).sum() / rows;
    }
}
