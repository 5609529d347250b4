using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>Multi-head self-attention: q, k, v projections, scaled dot-product attention, output projection.</summary>
internal sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly int _heads;
    private readonly double _dropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        output = nn.Linear(config.HiddenSize, config.HiddenSize);
        _heads = config.Heads;
        _dropout = config.AttentionDropout;
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/> (batch, length, hidden); <paramref name="mask"/> additive, broadcastable to
    /// (batch, heads, length, length). Attention dropout applies only in training mode.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        var (batch, length, hidden) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Split(Tensor t) => t.view(batch, length, _heads, hidden / _heads).transpose(1, 2);
        var context = nn.functional.scaled_dot_product_attention(
            Split(query.call(x)), Split(key.call(x)), Split(value.call(x)),
            attn_mask: mask, p: training ? _dropout : 0.0);
        return output.call(context.transpose(1, 2).reshape(batch, length, hidden));
    }
}
