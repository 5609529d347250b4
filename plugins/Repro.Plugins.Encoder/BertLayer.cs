using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// One transformer layer: self-attention and a feed-forward block (GELU, or the checkpoint's activation), each wrapped in dropout and a
/// residual. Post-LN (BERT): <c>x = LN(x + drop(f(x)))</c>. Pre-LN: <c>x = x + drop(f(LN(x)))</c>. With adapters
/// (<see cref="BertConfig.AdapterSize"/>), each sublayer's <c>drop(f(·))</c> passes through its own <see cref="BottleneckAdapter"/>
/// before the residual, where Houlsby et al. place them.
/// </summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention attention;
    private readonly LayerNorm attentionNorm;
    private readonly Linear ffnIn;
    private readonly Linear ffnOut;
    private readonly LayerNorm ffnNorm;
    private readonly Dropout dropout;
    private readonly BottleneckAdapter? attentionAdapter;
    private readonly BottleneckAdapter? ffnAdapter;
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
        if (config.AdapterSize > 0)
        {
            attentionAdapter = new BottleneckAdapter(config.HiddenSize, config.AdapterSize);
            ffnAdapter = new BottleneckAdapter(config.HiddenSize, config.AdapterSize);
        }
        _preNorm = config.Norm == NormPlacement.Pre;
        _config = config;
        RegisterComponents();
    }

    /// <summary><paramref name="x"/> (batch, length, hidden); <paramref name="mask"/> the additive attention mask.</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        if (_preNorm)
        {
            x = x + Adapt(attentionAdapter, dropout.call(attention.call(attentionNorm.call(x), mask)));
            return x + Adapt(ffnAdapter, dropout.call(FeedForward(ffnNorm.call(x))));
        }
        x = attentionNorm.call(x + Adapt(attentionAdapter, dropout.call(attention.call(x, mask))));
        return ffnNorm.call(x + Adapt(ffnAdapter, dropout.call(FeedForward(x))));
    }

    /// <summary>Draws the adapters' down-projections (after every other weight of the encoder).</summary>
    public void InitialiseAdapters(double std)
    {
        attentionAdapter?.Initialise(std);
        ffnAdapter?.Initialise(std);
    }

    private static Tensor Adapt(BottleneckAdapter? adapter, Tensor h) => adapter is null ? h : adapter.call(h);

    private Tensor FeedForward(Tensor x) => ffnOut.call(_config.Activate(ffnIn.call(x)));
}
