using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>The validated shape of a <see cref="CausalDecoder"/>, fresh or read from a checkpoint's <c>config.json</c>.</summary>
public sealed record DecoderConfig(
    DecoderLayout Layout,
    int VocabularySize,
    int PaddingId,
    int MaxPositions,
    int HiddenSize,
    int Layers,
    int Heads,
    int KvHeads,
    int FfnSize,
    double Dropout,
    double AttentionDropout,
    double NormEps,
    double InitStd)
{
    /// <summary>llama: base of the rotary frequencies.</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary>The LM head is the token embedding (always for gpt2).</summary>
    public bool TieEmbeddings { get; init; } = true;

    /// <summary>Width of one attention head.</summary>
    public int HeadSize => HiddenSize / Heads;

    /// <summary>
    /// The number of parameters a <see cref="CausalDecoder"/> of this shape holds (embeddings, blocks, final norm; no head,
    /// so not an untied <c>lm_head</c>), computed without building it; saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            double h = HiddenSize, f = FfnSize, kv = (double)KvHeads * HeadSize;
            var total = Layout == DecoderLayout.Gpt2
                ? ((double)VocabularySize + MaxPositions) * h
                  + Layers * (2 * h + (h * 3 * h + 3 * h) + (h * h + h) + 2 * h + (h * f + f) + (f * h + h)) + 2 * h
                : (double)VocabularySize * h + Layers * (2 * h + 2 * h * h + 2 * h * kv + 3 * h * f) + h;
            return total >= long.MaxValue ? long.MaxValue : (long)total;
        }
    }

    /// <summary>Parses the <c>layout</c> parameter; throws <see cref="ParameterException"/> naming it.</summary>
    public static DecoderLayout ParseLayout(string? layout) => layout?.Trim().ToLowerInvariant() switch
    {
        "gpt2" => DecoderLayout.Gpt2,
        "llama" => DecoderLayout.Llama,
        _ => throw new ParameterException(nameof(CausalDecoderParameters.Layout), $"layout '{layout}' is not one of: gpt2, llama"),
    };

    /// <summary>Checks the parameters alone (cheap, before anything runs); throws <see cref="ParameterException"/> naming the bad one.</summary>
    public static void Check(CausalDecoderParameters p)
    {
        var layout = ParseLayout(p.Layout);
        if (p.HiddenSize % p.Heads != 0)
            throw new ParameterException(nameof(p.Heads), $"hidden_size ({p.HiddenSize}) must be divisible by heads ({p.Heads})");
        if (p.KvHeads != 0 && p.Heads % p.KvHeads != 0)
            throw new ParameterException(nameof(p.KvHeads), $"kv_heads ({p.KvHeads}) must divide heads ({p.Heads})");
        if (layout == DecoderLayout.Gpt2 && p.KvHeads != 0 && p.KvHeads != p.Heads)
            throw new ParameterException(nameof(p.KvHeads), $"kv_heads ({p.KvHeads}) must be 0 or heads ({p.Heads}) for layout gpt2, which has no grouped-query attention");
        if (layout == DecoderLayout.Llama && p.HiddenSize / p.Heads % 2 != 0)
            throw new ParameterException(nameof(p.Heads), $"the head width hidden_size / heads ({p.HiddenSize / p.Heads}) must be even for rotary positions");
        if (!(p.InitStd > 0) || double.IsInfinity(p.InitStd))
            throw new ParameterException(nameof(p.InitStd), $"init_std ({p.InitStd}) must be a positive number");
    }

    /// <summary>A fresh model's shape from <paramref name="p"/> and the host's <paramref name="context"/>.</summary>
    public static DecoderConfig From(CausalDecoderParameters p, ModelContext context)
    {
        Check(p);
        var layout = ParseLayout(p.Layout);
        if (context.VocabularySize <= 0)
            throw new ArgumentException($"causal-decoder: the model context's vocabulary size ({context.VocabularySize}) must be positive", nameof(context));
        var positions = p.MaxPositions > 0 ? p.MaxPositions : context.MaxLength;
        if (positions <= 0)
            throw new ParameterException(nameof(p.MaxPositions), $"max_positions is 0 and the model context's maximum length ({context.MaxLength}) is not positive; set max_positions");
        var gpt2 = layout == DecoderLayout.Gpt2;
        return new DecoderConfig(layout, context.VocabularySize, context.PaddingId, positions, p.HiddenSize, p.Layers, p.Heads,
            p.KvHeads == 0 ? p.Heads : p.KvHeads, p.FfnSize, gpt2 ? p.Dropout : 0, p.AttentionDropout,
            p.NormEps > 0 ? p.NormEps : gpt2 ? 1e-5 : 1e-6, p.InitStd)
        {
            RopeTheta = p.RopeTheta, TieEmbeddings = gpt2 || p.TieEmbeddings,
        };
    }
}
