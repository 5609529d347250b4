using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// The initialisation of Hugging Face's GPT-2 and LLaMA, drawn from the global generator in registration order: Linear and
/// Embedding weights ~ N(0, std), biases 0, norms 1 (and 0); GPT-2's residual projections (<c>c_proj</c>) ~ N(0, std/√(2·layers)).
/// </summary>
internal static class DecoderInit
{
    public static void Apply(nn.Module root, DecoderConfig config)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, module) in root.named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    var residual = config.Layout == DecoderLayout.Gpt2 && name.EndsWith(".c_proj", StringComparison.Ordinal);
                    nn.init.normal_(linear.weight!, 0, residual ? config.InitStd / Math.Sqrt(2.0 * config.Layers) : config.InitStd);
                    if (linear.bias is { } bias) nn.init.zeros_(bias);
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight!, 0, config.InitStd);
                    break;
                case LayerNorm norm:
                    if (norm.weight is { } weight) nn.init.ones_(weight);
                    if (norm.bias is { } normBias) nn.init.zeros_(normBias);
                    break;
            }
        }
    }
}
