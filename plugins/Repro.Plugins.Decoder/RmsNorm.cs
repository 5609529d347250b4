using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>LLaMA's RMSNorm: <c>weight · x / √(mean(x²) + eps)</c> over the last dimension, computed in float32.</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(int size, double eps) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(size).DetachFromDisposeScope());
        this.eps = eps;
        register_parameter("weight", weight);
    }

    public override Tensor forward(Tensor x)
    {
        var input = x.to(ScalarType.Float32);
        var normalised = input * (input.pow(2).mean([-1], keepdim: true) + eps).rsqrt();
        return weight * normalised.to(x.dtype);
    }
}
