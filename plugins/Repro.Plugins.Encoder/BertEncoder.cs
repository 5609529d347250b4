using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// A BERT-style transformer encoder body.
/// <list type="bullet">
/// <item><see cref="Embed"/> is the plain sum word + position + segment embedding: the raw input space
/// that adversarial methods (SMART) perturb.</item>
/// <item><see cref="Encode"/> then applies the embedding LayerNorm (post-LN only) and embedding dropout,
/// the layers, and (pre-LN only) a final LayerNorm; so a perturbation is normalised like the clean input.
/// States at padded positions are set to exactly zero.</item>
/// <item><see cref="Pool"/> is the BERT pooler on the first state, the first state itself, or the mean over non-padded positions.</item>
/// <item>Built fresh from the global generator, or (<see cref="BertCheckpoint"/>) built the same way and then overwritten
/// with a Hugging Face checkpoint's weights; adapters (<see cref="BertConfig.AdapterSize"/>) start as the identity
/// either way.</item>
/// </list>
/// </summary>
public sealed class BertEncoder : Repro.Contracts.Encoder
{
    private readonly Embedding wordEmbedding;
    private readonly Embedding positionEmbedding;
    private readonly Embedding segmentEmbedding;
    private readonly LayerNorm? embeddingNorm;
    private readonly Dropout embeddingDropout;
    private readonly ModuleList<BertLayer> layers;
    private readonly LayerNorm? finalNorm;
    private readonly Linear? pooler;

    /// <summary>Builds and initialises the encoder from the global generator.</summary>
    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        Config = config;
        wordEmbedding = nn.Embedding(config.VocabularySize, config.HiddenSize, padding_idx: config.PaddingId);
        positionEmbedding = nn.Embedding(config.MaxPositions, config.HiddenSize);
        segmentEmbedding = nn.Embedding(config.Segments, config.HiddenSize);
        if (config.Norm == NormPlacement.Post)
            embeddingNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        embeddingDropout = nn.Dropout(config.Dropout);
        layers = new ModuleList<BertLayer>([.. Enumerable.Range(0, config.Layers).Select(_ => new BertLayer(config))]);
        if (config.Norm == NormPlacement.Pre)
            finalNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        if (config.Pooling == PoolingMode.Pooler)
            pooler = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();

        BertInit.Apply(this, config.InitStd);
        foreach (var layer in layers) layer.InitialiseAdapters(config.InitStd);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        wordEmbedding.weight![config.PaddingId].zero_();
    }

    /// <summary>The validated configuration this encoder was built from.</summary>
    public BertConfig Config { get; }

    /// <inheritdoc/>
    public override int HiddenSize => Config.HiddenSize;

    /// <summary>
    /// The token embedding matrix (vocabulary, hidden). Masked-LM heads use it as their decoder weight.
    /// Read it afresh each time: <c>Module.to</c> replaces parameter objects.
    /// </summary>
    public Tensor TokenEmbeddingWeight => wordEmbedding.weight!;

    /// <summary>The checkpoint folder this encoder was loaded from, or null for a fresh initialisation.</summary>
    public string? Checkpoint { get; internal set; }

    /// <summary>A loaded checkpoint's masked-LM head weights (by <see cref="MaskedLmHead"/> parameter name), or null.</summary>
    internal IReadOnlyDictionary<string, Tensor>? CheckpointMaskedLmHead { get; set; }

    /// <summary>Notes of the checkpoint load (unused tensors and vocabulary rows).</summary>
    internal List<string> LoadNotes { get; } = [];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Notes => LoadNotes;

    /// <inheritdoc/>
    /// <remarks>Word + position + segment embedding, without LayerNorm or dropout (those are in <see cref="Encode"/>).</remarks>
    public override Tensor Embed(Tensor tokenIds, Tensor segmentIds)
    {
        var length = tokenIds.shape[1];
        if (length > Config.UsablePositions)
            throw new ArgumentException(
                $"bert-encoder: input length {length} exceeds the {Config.UsablePositions} usable positions of max_positions {Config.MaxPositions}; raise max_positions or shorten the inputs",
                nameof(tokenIds));
        return wordEmbedding.call(tokenIds) + positionEmbedding.call(Positions(tokenIds)) + segmentEmbedding.call(segmentIds);
    }

    /// <summary>
    /// BERT: 0, 1, 2, … RoBERTa (Hugging Face's <c>create_position_ids_from_input_ids</c>): the running count of
    /// non-padding tokens times the non-padding mask, plus <c>padding_idx</c>; so real tokens count from
    /// <c>padding_idx + 1</c> and padding sits at <c>padding_idx</c>.
    /// </summary>
    private Tensor Positions(Tensor tokenIds)
    {
        if (Config.RobertaPaddingIdx is not { } paddingIdx) return arange(tokenIds.shape[1], dtype: ScalarType.Int64, device: tokenIds.device);
        var real = tokenIds.ne(Config.PaddingId).to(ScalarType.Int64);
        return real.cumsum(1) * real + paddingIdx;
    }

    /// <inheritdoc/>
    public override Tensor Encode(Tensor embeddings, Tensor padding)
    {
        var x = embeddingNorm is null ? embeddings : embeddingNorm.call(embeddings);
        x = embeddingDropout.call(x);
        var mask = AttentionMask(padding, x.dtype);
        foreach (var layer in layers) x = layer.call(x, mask);
        if (finalNorm is not null) x = finalNorm.call(x);
        return x.masked_fill(padding.unsqueeze(-1), 0);
    }

    /// <inheritdoc/>
    public override Tensor Pool(Tensor states, Tensor padding)
    {
        if (pooler is not null) return pooler.call(states.select(1, 0)).tanh();
        if (Config.Pooling == PoolingMode.Cls) return states.select(1, 0);
        var real = padding.logical_not().unsqueeze(-1).to(states.dtype);
        return (states * real).sum(1) / real.sum(1).clamp_min(1);
    }

    /// <inheritdoc/>
    public override Head CreateHead(HeadSpec spec) => spec.Target switch
    {
        TargetKind.MaskedLm => new MaskedLmHead(Config, spec.Outputs, () => TokenEmbeddingWeight, CheckpointMaskedLmHead),
        TargetKind.Classification or TargetKind.Regression when Config.RobertaPaddingIdx is not null => new RobertaClassificationHead(Config, spec.Outputs, spec.Target == TargetKind.Regression),
        TargetKind.Classification => new ClassificationHead(Config, spec.Outputs),
        TargetKind.Regression => new RegressionHead(Config, spec.Outputs),
        TargetKind.TokenClassification => new TokenClassificationHead(Config, spec.Outputs),
        _ => throw new ArgumentException($"bert-encoder: no head for target kind {spec.Target}", nameof(spec)),
    };

    /// <summary>Additive mask (batch, 1, 1, length): 0 for real keys, the dtype's lowest value for padded keys.</summary>
    /// <remarks>A finite value rather than -inf keeps an all-padding row finite instead of NaN.</remarks>
    private static Tensor AttentionMask(Tensor padding, ScalarType dtype) =>
        zeros(padding.shape[0], 1, 1, padding.shape[1], dtype: dtype, device: padding.device)
            .masked_fill(padding.view(padding.shape[0], 1, 1, padding.shape[1]), finfo(dtype).min);
}
