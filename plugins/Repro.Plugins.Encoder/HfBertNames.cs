namespace Repro.Plugins.Encoders;

/// <summary>
/// Hugging Face BERT and RoBERTa tensor names and the <see cref="BertEncoder"/> / <see cref="MaskedLmHead"/> parameters they
/// hold; one table for loading and exporting. Names are written without the <c>bert.</c> (<c>roberta.</c>) prefix that task models
/// (<c>BertForSequenceClassification</c>, <c>BertForMaskedLM</c>, <c>RobertaForMaskedLM</c>, …) put on the body. The body's
/// names are the same in both families; the masked-LM head is <c>cls.predictions.*</c> in BERT and <c>lm_head.*</c> in RoBERTa.
/// </summary>
internal sealed class HfBertNames
{
    private HfBertNames(string family, string bodyPrefix, IReadOnlyList<(string Hf, string Module)> maskedLm, IReadOnlySet<string> ignored) =>
        (Family, BodyPrefix, MaskedLm, Ignored) = (family, bodyPrefix, maskedLm, ignored);

    /// <summary>BERT's names.</summary>
    public static readonly HfBertNames Bert = new("BERT", "bert.",
    [
        ("cls.predictions.transform.dense.weight", "transform.weight"),
        ("cls.predictions.transform.dense.bias", "transform.bias"),
        ("cls.predictions.transform.LayerNorm.weight", "norm.weight"),
        ("cls.predictions.transform.LayerNorm.bias", "norm.bias"),
        ("cls.predictions.bias", "bias"),
    ], new HashSet<string>(StringComparer.Ordinal) { "embeddings.position_ids", "cls.predictions.decoder.weight", "cls.predictions.decoder.bias" });

    /// <summary>RoBERTa's names (<c>RobertaModel</c>, <c>RobertaForMaskedLM</c>'s <c>lm_head</c>).</summary>
    public static readonly HfBertNames Roberta = new("RoBERTa", "roberta.",
    [
        ("lm_head.dense.weight", "transform.weight"),
        ("lm_head.dense.bias", "transform.bias"),
        ("lm_head.layer_norm.weight", "norm.weight"),
        ("lm_head.layer_norm.bias", "norm.bias"),
        ("lm_head.bias", "bias"),
    ], new HashSet<string>(StringComparer.Ordinal) { "embeddings.position_ids", "lm_head.decoder.weight", "lm_head.decoder.bias" });

    /// <summary>The names of <paramref name="config"/>'s family.</summary>
    public static HfBertNames Of(BertConfig config) => config.RobertaPaddingIdx is null ? Bert : Roberta;

    /// <summary><c>BERT</c> or <c>RoBERTa</c>, for messages.</summary>
    public string Family { get; }

    /// <summary>Prefix of the body in task models: <c>bert.</c> or <c>roberta.</c>.</summary>
    public string BodyPrefix { get; }

    /// <summary>The masked-LM head: Hugging Face name → <see cref="MaskedLmHead"/> parameter. Its <c>bias</c> is permuted like the embedding.</summary>
    public IReadOnlyList<(string Hf, string Module)> MaskedLm { get; }

    /// <summary>Tensors that may appear and carry nothing to load: buffers and the tied decoder (it equals the word embedding).</summary>
    public IReadOnlySet<string> Ignored { get; }

    /// <summary>The sequence-classification head of RoBERTa: Hugging Face name → <see cref="RobertaClassificationHead"/> parameter.</summary>
    public static readonly IReadOnlyList<(string Hf, string Module)> RobertaClassifier =
    [
        ("classifier.dense.weight", "dense.weight"), ("classifier.dense.bias", "dense.bias"),
        ("classifier.out_proj.weight", "out_proj.weight"), ("classifier.out_proj.bias", "out_proj.bias"),
    ];

    /// <summary>The word embedding, whose rows are permuted from checkpoint order to host id order.</summary>
    public const string WordEmbeddings = "embeddings.word_embeddings.weight";

    /// <summary>Prefix of the pooler's tensors.</summary>
    public const string Pooler = "pooler.dense.";

    /// <summary>Prefix of head tensors this plugin exports that Hugging Face has no name for.</summary>
    public const string ReproHead = "repro_head.";

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

    /// <summary>A stored name in this table's spelling: without <see cref="BodyPrefix"/>, and <c>LayerNorm.gamma/beta</c> as <c>weight/bias</c>.</summary>
    public string Normalise(string name)
    {
        if (name.StartsWith(BodyPrefix, StringComparison.Ordinal)) name = name[BodyPrefix.Length..];
        if (name.EndsWith("LayerNorm.gamma", StringComparison.Ordinal)) return name[..^"gamma".Length] + "weight";
        if (name.EndsWith("LayerNorm.beta", StringComparison.Ordinal)) return name[..^"beta".Length] + "bias";
        return name;
    }

    private static readonly string[] WeightAndBias = ["weight", "bias"];
}
