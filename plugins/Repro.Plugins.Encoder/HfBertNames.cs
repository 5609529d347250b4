namespace Repro.Plugins.Encoders;

/// <summary>
/// Hugging Face BERT tensor names and the <see cref="BertEncoder"/> / <see cref="MaskedLmHead"/> parameters they
/// hold; one table for loading and exporting. Names are written without the <c>bert.</c> prefix that task models
/// (<c>BertForSequenceClassification</c>, <c>BertForMaskedLM</c>, <c>BertForPreTraining</c>) put on the body.
/// </summary>
internal static class HfBertNames
{
    /// <summary>The word embedding, whose rows are permuted from checkpoint order to host id order.</summary>
    public const string WordEmbeddings = "embeddings.word_embeddings.weight";

    /// <summary>Prefix of the body in task models.</summary>
    public const string BodyPrefix = "bert.";

    /// <summary>Prefix of the pooler's tensors.</summary>
    public const string Pooler = "pooler.dense.";

    /// <summary>Prefix of head tensors this plugin exports that Hugging Face has no name for.</summary>
    public const string ReproHead = "repro_head.";

    /// <summary>The masked-LM head: Hugging Face name → <see cref="MaskedLmHead"/> parameter. <c>cls.predictions.bias</c> is permuted like the embedding.</summary>
    public static readonly IReadOnlyList<(string Hf, string Module)> MaskedLm =
    [
        ("cls.predictions.transform.dense.weight", "transform.weight"),
        ("cls.predictions.transform.dense.bias", "transform.bias"),
        ("cls.predictions.transform.LayerNorm.weight", "norm.weight"),
        ("cls.predictions.transform.LayerNorm.bias", "norm.bias"),
        ("cls.predictions.bias", "bias"),
    ];

    /// <summary>The masked-LM bias, permuted like the word embedding.</summary>
    public const string MaskedLmBias = "cls.predictions.bias";

    /// <summary>Tensors that may appear and carry nothing to load: buffers and the tied decoder (it equals the word embedding).</summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>(StringComparer.Ordinal)
    {
        "embeddings.position_ids", "cls.predictions.decoder.weight", "cls.predictions.decoder.bias",
    };

    /// <summary>Prefixes of tensors that are recognised but not loaded, with what the note says of them.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Note)> Unused =
    [
        ("cls.seq_relationship.", "the next-sentence-prediction head, unused"),
        ("classifier.", "a sequence-classification head, unused: heads for the task are created fresh"),
        (ReproHead, "an exported head, unused: heads for the task are created fresh"),
    ];

    /// <summary>Body tensors of a post-LN encoder with <paramref name="layers"/> layers: Hugging Face name → module parameter.</summary>
    public static IEnumerable<(string Hf, string Module)> Body(int layers, bool pooler)
    {
        yield return (WordEmbeddings, "wordEmbedding.weight");
        yield return ("embeddings.position_embeddings.weight", "positionEmbedding.weight");
        yield return ("embeddings.token_type_embeddings.weight", "segmentEmbedding.weight");
        foreach (var p in WeightAndBias) yield return ($"embeddings.LayerNorm.{p}", $"embeddingNorm.{p}");
        (string Hf, string Module)[] parts =
        [
            ("attention.self.query", "attention.query"), ("attention.self.key", "attention.key"), ("attention.self.value", "attention.value"),
            ("attention.output.dense", "attention.output"), ("attention.output.LayerNorm", "attentionNorm"),
            ("intermediate.dense", "ffnIn"), ("output.dense", "ffnOut"), ("output.LayerNorm", "ffnNorm"),
        ];
        for (var layer = 0; layer < layers; layer++)
            foreach (var (hf, module) in parts)
                foreach (var p in WeightAndBias)
                    yield return ($"encoder.layer.{layer}.{hf}.{p}", $"layers.{layer}.{module}.{p}");
        if (pooler)
            foreach (var p in WeightAndBias) yield return ($"{Pooler}{p}", $"pooler.{p}");
    }

    /// <summary>A stored name in this table's spelling: without <c>bert.</c>, and <c>LayerNorm.gamma/beta</c> as <c>weight/bias</c>.</summary>
    public static string Normalise(string name)
    {
        if (name.StartsWith(BodyPrefix, StringComparison.Ordinal)) name = name[BodyPrefix.Length..];
        if (name.EndsWith("LayerNorm.gamma", StringComparison.Ordinal)) return name[..^"gamma".Length] + "weight";
        if (name.EndsWith("LayerNorm.beta", StringComparison.Ordinal)) return name[..^"beta".Length] + "bias";
        return name;
    }

    private static readonly string[] WeightAndBias = ["weight", "bias"];
}
