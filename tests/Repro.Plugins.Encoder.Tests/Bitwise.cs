using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary>Exact comparisons. TorchSharp's <c>torch.equal</c> is element-wise (like <c>eq</c>), not PyTorch's bool.</summary>
internal static class Bitwise
{
    /// <summary>Same dtype, shape and bytes.</summary>
    public static bool Equal(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) &&
        a.detach().contiguous().bytes.SequenceEqual(b.detach().contiguous().bytes);

    /// <summary>Address of the first element of the tensor's storage: equal for tensors that share it.</summary>
    public static IntPtr Address(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => t.storage<float>().data_ptr() + (nint)(t.storage_offset() * sizeof(float)),
        ScalarType.Float64 => t.storage<double>().data_ptr() + (nint)(t.storage_offset() * sizeof(double)),
        _ => throw new NotSupportedException(t.dtype.ToString()),
    };
}
