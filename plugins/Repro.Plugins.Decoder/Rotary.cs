using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// LLaMA's rotary position embedding in Hugging Face's rotate_half layout: the head's first half pairs with its second
/// half (not adjacent pairs). <c>x·cos + rotate_half(x)·sin</c>, with angle <c>p · θ^(−2i/d)</c> repeated over both halves.
/// </summary>
internal static class Rotary
{
    /// <summary>cos and sin (length, d) of positions 0..length−1.</summary>
    public static (Tensor Cos, Tensor Sin) Angles(long length, int headSize, double theta, Device device)
    {
        var inverse = 1.0 / pow(theta, arange(0, headSize, 2, ScalarType.Int64, device).to(ScalarType.Float32) / headSize);
        var angles = arange(length, ScalarType.Int64, device).to(ScalarType.Float32).outer(inverse);
        var both = cat([angles, angles], -1);
        return (both.cos(), both.sin());
    }

    /// <summary>Rotates x (batch, heads, length, d) by <paramref name="cos"/> and <paramref name="sin"/>.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = cat([-x[TensorIndex.Ellipsis, TensorIndex.Slice(half)], x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)]], -1);
        return x * cos + rotated * sin;
    }
}
