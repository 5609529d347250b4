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
    Cls,
    /// <summary>Mean over non-padded positions.</summary>
    Mean,
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
    /// <summary>LayerNorm epsilon, as in BERT.</summary>
    public const double LayerNormEps = 1e-12;

    /// <summary>Number of segment (token type) ids.</summary>
    public const int Segments = 2;

    /// <summary>Validates <paramref name="p"/> against <paramref name="context"/>; throws <see cref="ArgumentException"/> naming the bad parameter.</summary>
    public static BertConfig From(BertEncoderParameters p, ModelContext context)
    {
        Positive(p.HiddenSize, "hidden_size", nameof(p.HiddenSize));
        Positive(p.Layers, "layers", nameof(p.Layers));
        Positive(p.Heads, "heads", nameof(p.Heads));
        Positive(p.FfnSize, "ffn_size", nameof(p.FfnSize));
        if (p.HiddenSize % p.Heads != 0)
            throw Bad($"hidden_size ({p.HiddenSize}) must be divisible by heads ({p.Heads}); " +
                      $"try hidden_size {p.HiddenSize / p.Heads * p.Heads + p.Heads} or a heads value that divides {p.HiddenSize}",
                nameof(p.HiddenSize));
        Probability(p.Dropout, "dropout", nameof(p.Dropout));
        Probability(p.AttentionDropout, "attention_dropout", nameof(p.AttentionDropout));
        if (!(p.InitStd > 0) || double.IsInfinity(p.InitStd))
            throw Bad($"init_std ({p.InitStd}) must be a positive number", nameof(p.InitStd));
        if (p.MaxPositions < 0)
            throw Bad($"max_positions ({p.MaxPositions}) must be 0 (use the task's maximum length) or positive", nameof(p.MaxPositions));

        var norm = p.Norm?.Trim().ToLowerInvariant() switch
        {
            "post" => NormPlacement.Post,
            "pre" => NormPlacement.Pre,
            _ => throw Bad($"norm '{p.Norm}' is not one of: post, pre", nameof(p.Norm)),
        };
        var pooling = p.Pooling?.Trim().ToLowerInvariant() switch
        {
            "cls" => PoolingMode.Cls,
            "mean" => PoolingMode.Mean,
            _ => throw Bad($"pooling '{p.Pooling}' is not one of: cls, mean", nameof(p.Pooling)),
        };

        if (context.VocabularySize <= 0)
            throw new ArgumentException($"bert-encoder: the model context's vocabulary size ({context.VocabularySize}) must be positive", nameof(context));
        if (context.PaddingId < 0 || context.PaddingId >= context.VocabularySize)
            throw new ArgumentException($"bert-encoder: the model context's padding id ({context.PaddingId}) is outside the vocabulary [0, {context.VocabularySize})", nameof(context));
        var positions = p.MaxPositions > 0 ? p.MaxPositions : context.MaxLength;
        if (positions <= 0)
            throw Bad($"max_positions is 0 and the model context's maximum length ({context.MaxLength}) is not positive; set max_positions", nameof(p.MaxPositions));

        return new BertConfig(context.VocabularySize, context.PaddingId, positions, p.HiddenSize, p.Layers, p.Heads,
            p.FfnSize, p.Dropout, p.AttentionDropout, norm, pooling, p.InitStd);
    }

    private static ArgumentException Bad(string message, string property) => new($"bert-encoder: {message}", property);

    private static void Positive(int value, string name, string property)
    {
        if (value <= 0) throw Bad($"{name} ({value}) must be at least 1", property);
    }

    private static void Probability(double value, string name, string property)
    {
        if (!(value >= 0 && value < 1)) throw Bad($"{name} ({value}) must be in [0, 1)", property);
    }
}
