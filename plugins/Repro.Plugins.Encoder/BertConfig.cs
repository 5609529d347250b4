using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>Where LayerNorm sits in each layer.</summary>
public enum NormPlacement
{
    /// <summary>Original BERT: <c>LN(x + sublayer(x))</c>, with a LayerNorm on the embeddings.</summary>
    Post,
    /// <summary><c>x + sublayer(LN(x))</c>, with a final LayerNorm after the last layer.</summary>
    Pre,
}

/// <summary>How <see cref="BertEncoder.Pool"/> makes a sentence vector.</summary>
public enum PoolingMode
{
    /// <summary>BERT pooler: <c>tanh(Linear(state at position 0))</c>.</summary>
    Pooler,
    /// <summary>The raw state at position 0 (sentence-transformers' CLS pooling).</summary>
    Cls,
    /// <summary>Mean over non-padded positions.</summary>
    Mean,
}

/// <summary>The feed-forward (and masked-LM transform) activation.</summary>
public enum Activation
{
    /// <summary>Exact GELU, <c>x·Φ(x)</c> with erf (Hugging Face <c>gelu</c>).</summary>
    Gelu,
    /// <summary>Tanh approximation of GELU (Hugging Face <c>gelu_new</c>, <c>gelu_pytorch_tanh</c>).</summary>
    GeluTanh,
    /// <summary>ReLU (Hugging Face <c>relu</c>).</summary>
    Relu,
}

/// <summary>The validated shape of a <see cref="BertEncoder"/>.</summary>
public sealed record BertConfig(
    int VocabularySize,
    int PaddingId,
    int MaxPositions,
    int HiddenSize,
    int Layers,
    int Heads,
    int FfnSize,
    double Dropout,
    double AttentionDropout,
    NormPlacement Norm,
    PoolingMode Pooling,
    double InitStd)
{
    /// <summary>LayerNorm epsilon of a fresh encoder, as in BERT.</summary>
    public const double DefaultLayerNormEps = 1e-12;

    /// <summary>LayerNorm epsilon of every LayerNorm (a checkpoint's <c>layer_norm_eps</c>).</summary>
    public double LayerNormEps { get; init; } = DefaultLayerNormEps;

    /// <summary>Feed-forward activation (a checkpoint's <c>hidden_act</c>); exact GELU for a fresh encoder.</summary>
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>Number of segment (token type) ids (a checkpoint's <c>type_vocab_size</c>); 2 for a fresh encoder.</summary>
    public int Segments { get; init; } = 2;

    /// <summary>
    /// RoBERTa's <c>padding_idx</c> (its <c>pad_token_id</c>): positions are counted over non-padding tokens from
    /// <c>padding_idx + 1</c> (Hugging Face's <c>create_position_ids_from_input_ids</c>) and padding takes position
    /// <c>padding_idx</c>. Null for BERT, whose positions are 0, 1, 2, …
    /// </summary>
    public int? RobertaPaddingIdx { get; init; }

    /// <summary>RoBERTa's <c>classifier_dropout</c> (null: <see cref="Dropout"/>).</summary>
    public double? ClassifierDropout { get; init; }

    /// <summary>The longest input the position embedding holds: every row for BERT, those after RoBERTa's offset.</summary>
    public int UsablePositions => MaxPositions - (RobertaPaddingIdx + 1 ?? 0);

    /// <summary>Width of the <see cref="BottleneckAdapter"/> after each sublayer; 0 for none.</summary>
    public int AdapterSize { get; init; }

    /// <summary>
    /// The number of parameters a <see cref="BertEncoder"/> of this shape holds (embeddings, layers with their adapters,
    /// final LayerNorm, pooler; no head), computed without building it; saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            double h = HiddenSize, f = FfnSize, a = AdapterSize;
            var embeddings = ((double)VocabularySize + MaxPositions + Segments) * h + (Norm == NormPlacement.Post ? 2 * h : 0);
            var layer = 4 * (h * h + h) + (h * f + f) + (f * h + h) + 2 * (2 * h) + (a > 0 ? 2 * (h * a + a + a * h + h) : 0);
            var total = embeddings + Layers * layer + (Norm == NormPlacement.Pre ? 2 * h : 0) + (Pooling == PoolingMode.Pooler ? h * h + h : 0);
            return total >= long.MaxValue ? long.MaxValue : (long)total;
        }
    }

    /// <summary>Applies <see cref="Activation"/>.</summary>
    public TorchSharp.torch.Tensor Activate(TorchSharp.torch.Tensor x) => Activation switch
    {
        Activation.Gelu => TorchSharp.torch.nn.functional.gelu(x),
        // Hugging Face's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
        Activation.GeluTanh => 0.5 * x * (1.0 + (Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3))).tanh()),
        _ => TorchSharp.torch.nn.functional.relu(x),
    };

    /// <summary>Parses the <c>pooling</c> parameter; throws <see cref="ParameterException"/> naming it.</summary>
    public static PoolingMode ParsePooling(string? pooling) => pooling?.Trim().ToLowerInvariant() switch
    {
        "pooler" => PoolingMode.Pooler,
        "cls" => PoolingMode.Cls,
        "mean" => PoolingMode.Mean,
        _ => throw Bad($"pooling '{pooling}' is not one of: pooler, cls, mean", nameof(BertEncoderParameters.Pooling)),
    };

    /// <summary>The <c>pooling</c> parameter's spelling of <paramref name="mode"/>.</summary>
    public static string PoolingName(PoolingMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>
    /// Checks the parameters alone (what the host calls before anything runs, <see cref="BertEncoderPlugin.Validate"/>);
    /// throws <see cref="ParameterException"/> naming the bad parameter.
    /// </summary>
    public static void Check(BertEncoderParameters p)
    {
        Positive(p.HiddenSize, "hidden_size", nameof(p.HiddenSize));
        Positive(p.Layers, "layers", nameof(p.Layers));
        Positive(p.Heads, "heads", nameof(p.Heads));
        Positive(p.FfnSize, "ffn_size", nameof(p.FfnSize));
        if (p.HiddenSize % p.Heads != 0)
            throw Bad($"hidden_size ({p.HiddenSize}) must be divisible by heads ({p.Heads}); " +
                      $"try hidden_size {p.HiddenSize / p.Heads * p.Heads + p.Heads} or a heads value that divides {p.HiddenSize}",
                nameof(p.Heads));
        Probability(p.Dropout, "dropout", nameof(p.Dropout));
        Probability(p.AttentionDropout, "attention_dropout", nameof(p.AttentionDropout));
        if (!(p.InitStd > 0) || double.IsInfinity(p.InitStd))
            throw Bad($"init_std ({p.InitStd}) must be a positive number", nameof(p.InitStd));
        if (p.AdapterSize < 0)
            throw Bad($"adapter_size ({p.AdapterSize}) must be 0 (no adapters) or positive", nameof(p.AdapterSize));
        if (p.MaxPositions < 0)
            throw Bad($"max_positions ({p.MaxPositions}) must be 0 (use the task's maximum length) or positive", nameof(p.MaxPositions));
        ParseNorm(p.Norm);
        ParsePooling(p.Pooling);
    }

    /// <summary>Validates <paramref name="p"/> against <paramref name="context"/>; throws <see cref="ParameterException"/> naming a bad parameter.</summary>
    public static BertConfig From(BertEncoderParameters p, ModelContext context)
    {
        Check(p);
        var norm = ParseNorm(p.Norm);
        var pooling = ParsePooling(p.Pooling);

        if (context.VocabularySize <= 0)
            throw new ArgumentException($"bert-encoder: the model context's vocabulary size ({context.VocabularySize}) must be positive", nameof(context));
        if (context.PaddingId < 0 || context.PaddingId >= context.VocabularySize)
            throw new ArgumentException($"bert-encoder: the model context's padding id ({context.PaddingId}) is outside the vocabulary [0, {context.VocabularySize})", nameof(context));
        var positions = p.MaxPositions > 0 ? p.MaxPositions : context.MaxLength;
        if (positions <= 0)
            throw Bad($"max_positions is 0 and the model context's maximum length ({context.MaxLength}) is not positive; set max_positions", nameof(p.MaxPositions));

        return new BertConfig(context.VocabularySize, context.PaddingId, positions, p.HiddenSize, p.Layers, p.Heads,
            p.FfnSize, p.Dropout, p.AttentionDropout, norm, pooling, p.InitStd) { AdapterSize = p.AdapterSize };
    }

    private static NormPlacement ParseNorm(string? norm) => norm?.Trim().ToLowerInvariant() switch
    {
        "post" => NormPlacement.Post,
        "pre" => NormPlacement.Pre,
        _ => throw Bad($"norm '{norm}' is not one of: post, pre", nameof(BertEncoderParameters.Norm)),
    };

    private static ParameterException Bad(string message, string property) => new(property, message);

    private static void Positive(int value, string name, string property)
    {
        if (value <= 0) throw Bad($"{name} ({value}) must be at least 1", property);
    }

    private static void Probability(double value, string name, string property)
    {
        if (!(value >= 0 && value < 1)) throw Bad($"{name} ({value}) must be in [0, 1)", property);
    }
}
