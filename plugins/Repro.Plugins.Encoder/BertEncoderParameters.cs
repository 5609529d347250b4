using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>Parameters of <see cref="BertEncoderPlugin"/>. Defaults give a tiny BERT.</summary>
public sealed class BertEncoderParameters
{
    [Param("Width of embeddings and hidden states; a multiple of heads.", Min = 1)]
    public int HiddenSize { get; set; } = 64;

    [Param("Number of transformer layers.", Min = 1)]
    public int Layers { get; set; } = 2;

    [Param("Attention heads per layer; must divide hidden_size.", Min = 1)]
    public int Heads { get; set; } = 4;

    [Param("Inner width of the feed-forward block.", Min = 1)]
    public int FfnSize { get; set; } = 256;

    [Param("Dropout on embeddings, sublayer outputs and the classification head.", Min = 0, Max = 0.99)]
    public double Dropout { get; set; } = 0.1;

    [Param("Dropout on attention probabilities.", Min = 0, Max = 0.99)]
    public double AttentionDropout { get; set; } = 0.1;

    [Param("LayerNorm placement: post (original BERT, LN after each residual) or pre (LN before each sublayer, plus a final LN).")]
    public string Norm { get; set; } = "post";

    [Param("Sentence pooling: cls (tanh(Linear(state at position 0)), the BERT pooler) or mean (over non-padded positions).")]
    public string Pooling { get; set; } = "cls";

    [Param("Standard deviation of the normal initialisation of Linear and Embedding weights.", Min = 0)]
    public double InitStd { get; set; } = 0.02;

    [Param("Rows of the learned position embedding; 0 uses the task's maximum length.", Min = 0)]
    public int MaxPositions { get; set; }
}
