using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>Scaled dot-product attention over heads, with the additive causal and padding mask of <see cref="Mask"/>.</summary>
internal static class Attention
{
    /// <summary>
    /// Additive mask (batch, 1, length, length): 0 where query i may see key j (j ≤ i and j not padding), else the dtype's
    /// lowest value. A finite value keeps a fully masked row finite; with right padding every row sees position 0.
    /// </summary>
    public static Tensor Mask(Tensor padding, ScalarType dtype)
    {
        var length = padding.shape[1];
        var future = ones(length, length, ScalarType.Bool, padding.device).triu(1);
        var hidden = future.unsqueeze(0).logical_or(padding.unsqueeze(1)).unsqueeze(1);
        return zeros(hidden.shape, dtype, padding.device).masked_fill(hidden, finfo(dtype).min);
    }

    /// <summary>softmax(q·kᵀ/√d + mask)·v for q (batch, heads, length, d) and k, v (batch, kv heads, length, d), kv heads repeated to match.</summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor mask, nn.Module<Tensor, Tensor> dropout)
    {
        var repeat = q.shape[1] / k.shape[1];
        if (repeat > 1)
        {
            // Hugging Face's repeat_kv: each key/value head serves `repeat` consecutive query heads.
            k = k.repeat_interleave(repeat, 1);
            v = v.repeat_interleave(repeat, 1);
        }
        var scores = q.matmul(k.transpose(-1, -2)) / Math.Sqrt(q.shape[^1]) + mask;
        return dropout.call(scores.softmax(-1)).matmul(v);
    }

    /// <summary>(batch, length, heads·d) → (batch, heads, length, d).</summary>
    public static Tensor Split(Tensor x, int heads) => x.view(x.shape[0], x.shape[1], heads, -1).transpose(1, 2);

    /// <summary>(batch, heads, length, d) → (batch, length, heads·d).</summary>
    public static Tensor Merge(Tensor x) => x.transpose(1, 2).reshape(x.shape[0], x.shape[2], -1);
}
