using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>BERT's initialisation, drawn from the global generator in module registration order.</summary>
internal static class BertInit
{
    /// <summary>
    /// Linear and Embedding weights ~ N(0, <paramref name="std"/>), biases 0, LayerNorm weight 1 and bias 0,
    /// for every module under <paramref name="root"/>.
    /// </summary>
    public static void Apply(nn.Module root, double std)
    {
        // Some weight getters (Embedding's) hand out a fresh wrapper per call; the scope releases them.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var module in root.modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0, std);
                    if (linear.bias is { } bias) nn.init.zeros_(bias);
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight!, 0, std);
                    break;
                case LayerNorm norm:
                    if (norm.weight is { } weight) nn.init.ones_(weight);
                    if (norm.bias is { } normBias) nn.init.zeros_(normBias);
                    break;
            }
        }
    }
}
