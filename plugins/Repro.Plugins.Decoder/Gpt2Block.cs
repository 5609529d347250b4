using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// One GPT-2 block, <c>x + attn(ln_1(x))</c> then <c>x + mlp(ln_2(x))</c>, its parameters named as Hugging Face's
/// <c>h.N.*</c> (<c>ln_1</c>, <c>attn.c_attn</c>, <c>attn.c_proj</c>, <c>ln_2</c>, <c>mlp.c_fc</c>, <c>mlp.c_proj</c>). The
/// checkpoint's Conv1D weights are (in, out); these Linear weights are their transposes (<see cref="HfDecoderNames"/>).
/// </summary>
internal sealed class Gpt2Block : nn.Module
{
    private readonly LayerNorm ln1;
    private readonly Gpt2Attention attn;
    private readonly LayerNorm ln2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(DecoderConfig config) : base(nameof(Gpt2Block))
    {
        ln1 = nn.LayerNorm(config.HiddenSize, config.NormEps);
        attn = new Gpt2Attention(config);
        ln2 = nn.LayerNorm(config.HiddenSize, config.NormEps);
        mlp = new Gpt2Mlp(config);
        register_module("ln_1", ln1);
        register_module("attn", attn);
        register_module("ln_2", ln2);
        register_module("mlp", mlp);
    }

    public Tensor Forward(Tensor x, Tensor mask)
    {
        x = x + attn.Forward(ln1.call(x), mask);
        return x + mlp.Forward(ln2.call(x));
    }

    private sealed class Gpt2Attention : nn.Module
    {
        private readonly Linear cAttn;
        private readonly Linear cProj;
        private readonly Dropout attentionDropout;
        private readonly Dropout residualDropout;
        private readonly int heads;

        public Gpt2Attention(DecoderConfig config) : base(nameof(Gpt2Attention))
        {
            cAttn = nn.Linear(config.HiddenSize, 3 * config.HiddenSize);
            cProj = nn.Linear(config.HiddenSize, config.HiddenSize);
            attentionDropout = nn.Dropout(config.AttentionDropout);
            residualDropout = nn.Dropout(config.Dropout);
            heads = config.Heads;
            register_module("c_attn", cAttn);
            register_module("c_proj", cProj);
            register_module("attn_dropout", attentionDropout);
            register_module("resid_dropout", residualDropout);
        }

        public Tensor Forward(Tensor x, Tensor mask)
        {
            var qkv = cAttn.call(x).chunk(3, -1);
            var context = Attention.Compute(Attention.Split(qkv[0], heads), Attention.Split(qkv[1], heads), Attention.Split(qkv[2], heads), mask, attentionDropout);
            return residualDropout.call(cProj.call(Attention.Merge(context)));
        }
    }

    private sealed class Gpt2Mlp : nn.Module
    {
        private readonly Linear cFc;
        private readonly Linear cProj;
        private readonly Dropout dropout;

        public Gpt2Mlp(DecoderConfig config) : base(nameof(Gpt2Mlp))
        {
            cFc = nn.Linear(config.HiddenSize, config.FfnSize);
            cProj = nn.Linear(config.FfnSize, config.HiddenSize);
            dropout = nn.Dropout(config.Dropout);
            register_module("c_fc", cFc);
            register_module("c_proj", cProj);
            register_module("dropout", dropout);
        }

        /// <summary>c_proj(gelu_new(c_fc(x))), gelu_new = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
        public Tensor Forward(Tensor x)
        {
            var h = cFc.call(x);
            h = 0.5 * h * (1.0 + (Math.Sqrt(2.0 / Math.PI) * (h + 0.044715 * h.pow(3))).tanh());
            return dropout.call(cProj.call(h));
        }
    }
}
