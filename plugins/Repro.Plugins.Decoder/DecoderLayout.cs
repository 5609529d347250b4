namespace Repro.Plugins.Decoders;

/// <summary>Which Hugging Face architecture a <see cref="CausalDecoder"/> follows, tensor names and equations alike.</summary>
public enum DecoderLayout
{
    /// <summary>
    /// GPT-2 (<c>GPT2LMHeadModel</c>): learned positions, pre-LN LayerNorm blocks, fused QKV, GELU-tanh MLP, biases, LM head
    /// tied to the token embedding.
    /// </summary>
    Gpt2,
    /// <summary>
    /// LLaMA (<c>LlamaForCausalLM</c>): rotary positions (rotate_half), RMSNorm, grouped-query attention, SwiGLU MLP, no
    /// biases, its own <c>lm_head</c> unless <c>tie_word_embeddings</c>.
    /// </summary>
    Llama,
}
