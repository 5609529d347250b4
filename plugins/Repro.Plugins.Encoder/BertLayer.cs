using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// One transformer layer: self-attention and a feed-forward block (GELU, or the checkpoint's activation), each wrapped in dropout and a
/// residual. Post-LN (BERT): <c>x = LN(x + drop(f(x)))</c>. Pre-LN: <c>x = x + drop(f(LN(x)))</c>.
/// </summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention attention;
    private readonly LayerNorm attentionNorm;
    private readonly Linear ffnIn;
    private readonly Linear ffnOut;
    private readonly LayerNorm ffnNorm;
    private readonly Dropout dropout;
    private readonly bool _preNorm;
    private readonly BertConfig _config;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertSelfAttention(config);
        attentionNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        ffnIn = nn.Linear(config.HiddenSize, config.FfnSize);
        ffnOut = nn.Linear(config.FfnSize, config.HiddenSize);
        ffnNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.Dropout);
        _preNorm = config.Norm == NormPlacement.Pre;
        _config = config;
        RegisterComponents();
    }

    /// <summary><paramref name="x"/> (batch, length, hidden); <paramref name="mask"/> the additive attention mask.</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        if (_preNorm)
        {
            x = x + dropout.call(attention.call(attentionNorm.call(x), mask));
            return x + dropout.call(FeedForward(ffnNorm.call(x)));
        }
        x = attentionNorm.call(x + dropout.call(attention.call(x, mask)));
        return ffnNorm.call(x + dropout.call(FeedForward(x)));
    }

    private Tensor FeedForward(Tensor x) => ffnOut.call(_config.Activate(ffnIn.call(x)));
}
