using System.Text.RegularExpressions;

namespace Repro.Plugins.Decoders;

/// <summary>
/// How a <see cref="CausalDecoder"/>'s parameter names map to a Hugging Face checkpoint's: the body's names are Hugging Face's
/// without the causal-LM model's prefix (<c>transformer.</c>, <c>model.</c>); GPT-2's Conv1D weights are stored transposed.
/// </summary>
internal static partial class HfDecoderNames
{
    /// <summary>The untied LM head's tensor (LLaMA).</summary>
    public const string LmHead = "lm_head.weight";

    /// <summary>A sequence classifier's tensor.</summary>
    public const string Score = "score.weight";

    /// <summary>The body's prefix in <c>GPT2LMHeadModel</c> / <c>LlamaForCausalLM</c> (and their sequence classifiers).</summary>
    public static string Prefix(DecoderLayout layout) => layout == DecoderLayout.Gpt2 ? "transformer." : "model.";

    /// <summary>The token embedding's name in the body.</summary>
    public static string TokenEmbedding(DecoderLayout layout) => layout == DecoderLayout.Gpt2 ? "wte.weight" : "embed_tokens.weight";

    /// <summary>A checkpoint name without the body prefix (a bare <c>GPT2Model</c> or <c>LlamaModel</c> has none).</summary>
    public static string Normalise(string name, DecoderLayout layout) =>
        name.StartsWith(Prefix(layout), StringComparison.Ordinal) ? name[Prefix(layout).Length..] : name;

    /// <summary>GPT-2's Conv1D weights, stored (in, out): the transpose of a Linear weight.</summary>
    public static bool IsConv1D(string bodyName, DecoderLayout layout) =>
        layout == DecoderLayout.Gpt2 && Conv1D().IsMatch(bodyName);

    /// <summary>Buffers some checkpoints carry that hold no weights (GPT-2's causal mask, old LLaMA's rotary frequencies).</summary>
    public static bool IsBuffer(string name) => Buffer().IsMatch(name);

    [GeneratedRegex(@"^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$")]
    private static partial Regex Conv1D();

    [GeneratedRegex(@"^(h\.\d+\.attn\.(bias|masked_bias)|layers\.\d+\.self_attn\.rotary_emb\.inv_freq)$")]
    private static partial Regex Buffer();
}
