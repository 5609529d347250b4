using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// One LLaMA block, <c>x + self_attn(input_layernorm(x))</c> then <c>x + mlp(post_attention_layernorm(x))</c>, its parameters
/// named as Hugging Face's <c>layers.N.*</c>: <c>self_attn.{q,k,v,o}_proj</c>, <c>mlp.{gate,up,down}_proj</c>, no biases.
/// </summary>
internal sealed class LlamaBlock : nn.Module
{
    private readonly RmsNorm inputNorm;
    private readonly LlamaAttention selfAttn;
    private readonly RmsNorm postAttentionNorm;
    private readonly LlamaMlp mlp;

    public LlamaBlock(DecoderConfig config) : base(nameof(LlamaBlock))
    {
        inputNorm = new RmsNorm(config.HiddenSize, config.NormEps);
        selfAttn = new LlamaAttention(config);
        postAttentionNorm = new RmsNorm(config.HiddenSize, config.NormEps);
        mlp = new LlamaMlp(config);
        register_module("input_layernorm", inputNorm);
        register_module("self_attn", selfAttn);
        register_module("post_attention_layernorm", postAttentionNorm);
        register_module("mlp", mlp);
    }

    public Tensor Forward(Tensor x, Tensor mask, Tensor cos, Tensor sin)
    {
        x = x + selfAttn.Forward(inputNorm.call(x), mask, cos, sin);
        return x + mlp.Forward(postAttentionNorm.call(x));
    }

    private sealed class LlamaAttention : nn.Module
    {
        private readonly Linear q;
        private readonly Linear k;
        private readonly Linear v;
        private readonly Linear o;
        private readonly Dropout dropout;
        private readonly int heads;
        private readonly int kvHeads;

        public LlamaAttention(DecoderConfig config) : base(nameof(LlamaAttention))
        {
            var kvWidth = config.KvHeads * config.HeadSize;
            q = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: false);
            k = nn.Linear(config.HiddenSize, kvWidth, hasBias: false);
            v = nn.Linear(config.HiddenSize, kvWidth, hasBias: false);
            o = nn.Linear(config.HiddenSize, config.HiddenSize, hasBias: false);
            dropout = nn.Dropout(config.AttentionDropout);
            (heads, kvHeads) = (config.Heads, config.KvHeads);
            register_module("q_proj", q);
            register_module("k_proj", k);
            register_module("v_proj", v);
            register_module("o_proj", o);
            register_module("attention_dropout", dropout);
        }

        public Tensor Forward(Tensor x, Tensor mask, Tensor cos, Tensor sin)
        {
            var query = Rotary.Apply(Attention.Split(q.call(x), heads), cos, sin);
            var key = Rotary.Apply(Attention.Split(k.call(x), kvHeads), cos, sin);
            var context = Attention.Compute(query, key, Attention.Split(v.call(x), kvHeads), mask, dropout);
            return o.call(Attention.Merge(context));
        }
    }

    private sealed class LlamaMlp : nn.Module
    {
        private readonly Linear gate;
        private readonly Linear up;
        private readonly Linear down;

        public LlamaMlp(DecoderConfig config) : base(nameof(LlamaMlp))
        {
            gate = nn.Linear(config.HiddenSize, config.FfnSize, hasBias: false);
            up = nn.Linear(config.HiddenSize, config.FfnSize, hasBias: false);
            down = nn.Linear(config.FfnSize, config.HiddenSize, hasBias: false);
            register_module("gate_proj", gate);
            register_module("up_proj", up);
            register_module("down_proj", down);
        }

        /// <summary>down_proj(silu(gate_proj(x)) · up_proj(x)).</summary>
        public Tensor Forward(Tensor x) => down.call(nn.functional.silu(gate.call(x)) * up.call(x));
    }
}
