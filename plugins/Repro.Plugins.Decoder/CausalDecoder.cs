using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// A causal transformer decoder body in the GPT-2 or LLaMA layout (<see cref="DecoderConfig.Layout"/>), its parameters
/// named as Hugging Face's (less the <c>transformer.</c> / <c>model.</c> prefix).
/// <list type="bullet">
/// <item><see cref="Embed"/>: token embedding, plus the learned position embedding for GPT-2 (segments are ignored: a
/// decoder has none).</item>
/// <item><see cref="Encode"/>: causal self-attention over real keys only (right padding), then the final norm; states at
/// padded positions are exactly zero, and a real position's state does not depend on the padding after it.</item>
/// <item><see cref="Pool"/>: the state at the last real token, as Hugging Face's <c>…ForSequenceClassification</c>.</item>
/// </list>
/// </summary>
public sealed class CausalDecoder : Repro.Contracts.Encoder
{
    private readonly Embedding tokens;
    private readonly Embedding? positions;
    private readonly Dropout? embeddingDropout;
    private readonly ModuleList<Gpt2Block>? gpt2Blocks;
    private readonly ModuleList<LlamaBlock>? llamaBlocks;
    private readonly nn.Module<Tensor, Tensor> finalNorm;

    /// <summary>Builds and initialises the decoder from the global generator.</summary>
    public CausalDecoder(DecoderConfig config) : base(nameof(CausalDecoder))
    {
        Config = config;
        tokens = nn.Embedding(config.VocabularySize, config.HiddenSize);
        if (config.Layout == DecoderLayout.Gpt2)
        {
            positions = nn.Embedding(config.MaxPositions, config.HiddenSize);
            embeddingDropout = nn.Dropout(config.Dropout);
            gpt2Blocks = new ModuleList<Gpt2Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Gpt2Block(config))]);
            finalNorm = nn.LayerNorm(config.HiddenSize, config.NormEps);
            register_module("wte", tokens);
            register_module("wpe", positions);
            register_module("drop", embeddingDropout);
            register_module("h", gpt2Blocks);
            register_module("ln_f", finalNorm);
        }
        else
        {
            llamaBlocks = new ModuleList<LlamaBlock>([.. Enumerable.Range(0, config.Layers).Select(_ => new LlamaBlock(config))]);
            finalNorm = new RmsNorm(config.HiddenSize, config.NormEps);
            register_module("embed_tokens", tokens);
            register_module("layers", llamaBlocks);
            register_module("norm", finalNorm);
        }
        DecoderInit.Apply(this, config);
    }

    /// <summary>The validated configuration this decoder was built from.</summary>
    public DecoderConfig Config { get; }

    /// <inheritdoc/>
    public override int HiddenSize => Config.HiddenSize;

    /// <summary>The token embedding matrix (vocabulary, hidden); a tied LM head's weight. Read it afresh each time: <c>Module.to</c> replaces parameters.</summary>
    public Tensor TokenEmbeddingWeight => tokens.weight!;

    /// <summary>The checkpoint folder this decoder was loaded from, or null for a fresh initialisation.</summary>
    public string? Checkpoint { get; internal set; }

    /// <summary>An untied checkpoint's <c>lm_head.weight</c> in host id order, for a causal-LM head; null otherwise.</summary>
    internal Tensor? CheckpointLmHead { get; set; }

    /// <summary>Notes of the checkpoint load (fresh rows, unused tensors and rows).</summary>
    internal List<string> LoadNotes { get; } = [];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Notes => LoadNotes;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor tokenIds, Tensor segmentIds)
    {
        var length = tokenIds.shape[1];
        if (length > Config.MaxPositions)
            throw new ArgumentException(
                $"causal-decoder: input length {length} exceeds max_positions {Config.MaxPositions}; raise max_positions or shorten the inputs", nameof(tokenIds));
        var embedded = tokens.call(tokenIds);
        return positions is null ? embedded : embedded + positions.call(arange(length, dtype: ScalarType.Int64, device: tokenIds.device));
    }

    /// <inheritdoc/>
    public override Tensor Encode(Tensor embeddings, Tensor padding)
    {
        var mask = Attention.Mask(padding, embeddings.dtype);
        var x = embeddings;
        if (gpt2Blocks is not null)
        {
            x = embeddingDropout!.call(x);
            foreach (var block in gpt2Blocks) x = block.Forward(x, mask);
        }
        else
        {
            var (cos, sin) = Rotary.Angles(x.shape[1], Config.HeadSize, Config.RopeTheta, x.device);
            foreach (var block in llamaBlocks!) x = block.Forward(x, mask, cos.to(x.dtype), sin.to(x.dtype));
        }
        return finalNorm.call(x).masked_fill(padding.unsqueeze(-1), 0);
    }

    /// <inheritdoc/>
    /// <remarks>The state at the last real token (right padding): what Hugging Face's sequence classifiers score.</remarks>
    public override Tensor Pool(Tensor states, Tensor padding)
    {
        var last = padding.logical_not().sum(1).sub(1).clamp_min(0).to(ScalarType.Int64);
        return states.gather(1, last.view(-1, 1, 1).expand(-1, 1, states.shape[^1])).squeeze(1);
    }

    /// <inheritdoc/>
    public override Head CreateHead(HeadSpec spec) => spec.Target switch
    {
        TargetKind.CausalLm => new CausalLmHead(Config, spec.Outputs, Config.TieEmbeddings ? () => TokenEmbeddingWeight : null, CheckpointLmHead),
        TargetKind.Classification => new ScoreHead(Config, spec.Outputs, regression: false),
        TargetKind.Regression => new ScoreHead(Config, spec.Outputs, regression: true),
        TargetKind.MaskedLm => throw new ArgumentException("causal-decoder: no masked-LM head; a causal decoder learns text as causallm", nameof(spec)),
        _ => throw new ArgumentException($"causal-decoder: no head for target kind {spec.Target} (it builds causallm, classification and regression heads)", nameof(spec)),
    };
}
