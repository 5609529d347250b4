using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>
/// Parameters of <see cref="CausalDecoderPlugin"/>. Defaults give a tiny GPT-2. When the model is loaded from a Hugging
/// Face checkpoint, its <c>config.json</c> decides the layout and architecture and every parameter below is ignored.
/// </summary>
public sealed class CausalDecoderParameters
{
    [Param("Architecture of a fresh model: gpt2 (learned positions, LayerNorm, GELU-tanh, tied LM head) or llama (rotary positions, RMSNorm, SwiGLU, " +
           "grouped-query attention, no biases). With a checkpoint: its config.json's model_type, this is ignored.")]
    public string Layout { get; set; } = "gpt2";

    [Param("Width of embeddings and hidden states; a multiple of heads. With a checkpoint: its n_embd / hidden_size.", Min = 1)]
    public int HiddenSize { get; set; } = 64;

    [Param("Number of decoder blocks. With a checkpoint: its n_layer / num_hidden_layers.", Min = 1)]
    public int Layers { get; set; } = 2;

    [Param("Attention (query) heads per block; must divide hidden_size. With a checkpoint: its n_head / num_attention_heads.", Min = 1)]
    public int Heads { get; set; } = 4;

    [Param("Key/value heads (llama: grouped-query attention; must divide heads); 0 means as many as heads. gpt2 needs 0 or heads. " +
           "With a checkpoint: its num_key_value_heads.", Min = 0)]
    public int KvHeads { get; set; }

    [Param("Inner width of the MLP. With a checkpoint: its n_inner / intermediate_size.", Min = 1)]
    public int FfnSize { get; set; } = 256;

    [Param("gpt2: dropout on embeddings and on each block's residual branches (embd_pdrop, resid_pdrop); llama has none and ignores it.", Min = 0, Max = 0.99)]
    public double Dropout { get; set; } = 0.1;

    [Param("Dropout on attention probabilities (attn_pdrop / attention_dropout).", Min = 0, Max = 0.99)]
    public double AttentionDropout { get; set; } = 0.1;

    [Param("Standard deviation of the normal initialisation of Linear and Embedding weights (and of new heads). With a checkpoint: its initializer_range.", Min = 0)]
    public double InitStd { get; set; } = 0.02;

    [Param("gpt2: rows of the learned position embedding; llama: the longest input. 0 uses the task's maximum length. " +
           "With a checkpoint: its n_positions / max_position_embeddings (must be at least the task's maximum length).", Min = 0)]
    public int MaxPositions { get; set; }

    [Param("Epsilon of every LayerNorm (gpt2: layer_norm_epsilon) or RMSNorm (llama: rms_norm_eps); 0 picks the layout's default (1e-5, 1e-6).", Min = 0)]
    public double NormEps { get; set; }

    [Param("llama: base of the rotary frequencies (rope_theta).", Min = 1)]
    public double RopeTheta { get; set; } = 10000;

    [Param("llama: use the token embedding as the LM head (tie_word_embeddings); gpt2 always ties.")]
    public bool TieEmbeddings { get; set; }
}
