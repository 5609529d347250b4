using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// A bottleneck adapter (Houlsby et al. 2019): <c>h + W_up·GELU(W_down·h + b_down) + b_up</c>, on a sublayer's output before
/// its residual. <c>W_up</c> and the biases start at zero, so a new adapter is exactly the identity and an encoder with
/// adapters starts as the model it adapts. Its parameters are created without drawing from the generator, and
/// <see cref="Initialise"/> draws <c>W_down</c> after every other weight, so adding adapters leaves the base weights as they were.
/// </summary>
internal sealed class BottleneckAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Parameter down;
    private readonly Parameter downBias;
    private readonly Parameter up;
    private readonly Parameter upBias;

    public BottleneckAdapter(int hidden, int size) : base(nameof(BottleneckAdapter))
    {
        down = new Parameter(zeros(size, hidden));
        downBias = new Parameter(zeros(size));
        up = new Parameter(zeros(hidden, size));
        upBias = new Parameter(zeros(hidden));
        RegisterComponents();
    }

    /// <summary>Draws <c>W_down</c> ~ N(0, <paramref name="std"/>) from the global generator; <c>W_up</c> stays zero.</summary>
    public void Initialise(double std)
    {
        using var noGrad = no_grad();
        nn.init.normal_(down, 0, std);
    }

    public override Tensor forward(Tensor h) =>
        h + nn.functional.linear(nn.functional.gelu(nn.functional.linear(h, down, downBias)), up, upBias);
}
