using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>
/// Parameters of <see cref="BertEncoderPlugin"/>. Defaults give a tiny BERT. When the model is loaded from a
/// Hugging Face checkpoint, the checkpoint's <c>config.json</c> decides the architecture and every parameter below
/// except <c>pooling</c> and <c>adapter_size</c> is ignored (each description says which field replaces it).
/// </summary>
public sealed class BertEncoderParameters
{
    [Param("Width of embeddings and hidden states; a multiple of heads. With a checkpoint: its hidden_size, this is ignored.", Min = 1)]
    public int HiddenSize { get; set; } = 64;

    [Param("Number of transformer layers. With a checkpoint: its num_hidden_layers, this is ignored.", Min = 1)]
    public int Layers { get; set; } = 2;

    [Param("Attention heads per layer; must divide hidden_size. With a checkpoint: its num_attention_heads, this is ignored.", Min = 1)]
    public int Heads { get; set; } = 4;

    [Param("Inner width of the feed-forward block. With a checkpoint: its intermediate_size, this is ignored.", Min = 1)]
    public int FfnSize { get; set; } = 256;

    [Param("Dropout on embeddings, sublayer outputs and the classification head. With a checkpoint: its hidden_dropout_prob, this is ignored.", Min = 0, Max = 0.99)]
    public double Dropout { get; set; } = 0.1;

    [Param("Dropout on attention probabilities. With a checkpoint: its attention_probs_dropout_prob, this is ignored.", Min = 0, Max = 0.99)]
    public double AttentionDropout { get; set; } = 0.1;

    [Param("LayerNorm placement: post (original BERT, LN after each residual) or pre (LN before each sublayer, plus a final LN). " +
           "A checkpoint is always post-LN, this is ignored; pre-LN encoders cannot be exported (Hugging Face BERT is post-LN).")]
    public string Norm { get; set; } = "post";

    [Param("Sentence pooling, for fresh and checkpoint encoders alike: pooler (tanh(Linear(state at position 0)), the BERT pooler; " +
           "a checkpoint must hold pooler.dense.*), cls (the raw state at position 0, no Linear or tanh; sentence-transformers' CLS pooling) " +
           "or mean (over non-padded positions). A checkpoint's pooler is unused (and noted) unless pooling is pooler.")]
    public string Pooling { get; set; } = "pooler";

    [Param("Standard deviation of the normal initialisation of Linear and Embedding weights (and of new heads). With a checkpoint: its initializer_range, this is ignored.", Min = 0)]
    public double InitStd { get; set; } = 0.02;

    [Param("Rows of the learned position embedding; 0 uses the task's maximum length. With a checkpoint: its max_position_embeddings (all rows kept; must be at least the task's maximum length), this is ignored.", Min = 0)]
    public int MaxPositions { get; set; }

    [Param("Width of a bottleneck adapter (Houlsby et al. 2019) on each layer's attention and feed-forward output, before the residual: " +
           "h + W_up·GELU(W_down·h), with W_up starting at zero so the encoder starts as the model it adapts; 0: no adapters. " +
           "Applies to checkpoints too (their weights load, the adapters start fresh). To train only adapters, LayerNorms and the head, " +
           "freeze the rest: freeze: [wordEmbedding, positionEmbedding, segmentEmbedding, layers.*.attention, layers.*.ffnIn, layers.*.ffnOut] (and pooler, with pooling: pooler). " +
           "An encoder with adapters cannot be exported as a Hugging Face folder.", Min = 0)]
    public int AdapterSize { get; set; }
}
