using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// BERT's masked-LM head: Linear(h, h) → activation (GELU) → LayerNorm → a decoder whose weight is the encoder's token
/// embedding matrix (tied) plus the head's own bias; returns logits (batch, length, vocabulary).
/// </summary>
/// <remarks>
/// Tying: the decoder weight is not a parameter of this head. The head keeps only a getter for the body's
/// embedding weight (a delegate, which <c>RegisterComponents</c> ignores) and applies it with
/// <c>functional.linear</c>. So the tied matrix is registered once, in the body: body + head parameters
/// hold no duplicate, the optimizer updates it once with the summed gradient of both uses, the head's
/// state dict holds only its own weights (transform, norm, bias) and loads into any head of the same
/// shape, and the head always sees the body's current weight, also after <c>Module.to</c> or a load.
/// </remarks>
public sealed class MaskedLmHead : Head
{
    private readonly Linear transform;
    private readonly LayerNorm norm;
    private readonly Parameter bias;
    private readonly Func<Tensor> _decoderWeight;

    private readonly BertConfig _config;

    /// <param name="config">The body's configuration.</param>
    /// <param name="outputs">Must equal the vocabulary size.</param>
    /// <param name="decoderWeight">Getter of the body's token embedding matrix.</param>
    /// <param name="checkpoint">A checkpoint's head weights by this head's parameter names (<c>transform.weight</c>, ...,
    /// <c>bias</c> in host id order); they overwrite the fresh initialisation. Null for a fresh head.</param>
    internal MaskedLmHead(BertConfig config, int outputs, Func<Tensor> decoderWeight,
        IReadOnlyDictionary<string, Tensor>? checkpoint = null) : base(nameof(MaskedLmHead))
    {
        if (outputs != config.VocabularySize)
            throw new ArgumentException(
                $"bert-encoder: a masked-LM head ties its decoder to the token embedding, so its outputs ({outputs}) must equal the vocabulary size ({config.VocabularySize})",
                nameof(outputs));
        transform = nn.Linear(config.HiddenSize, config.HiddenSize);
        norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        // Detached so that a head created inside a caller's dispose scope outlives it.
        bias = nn.Parameter(zeros(outputs).DetachFromDisposeScope());
        _decoderWeight = decoderWeight;
        _config = config;
        RegisterComponents();
        BertInit.Apply(this, config.InitStd);
        if (checkpoint is not null) BertCheckpoint.Overwrite(this, checkpoint);
    }

    /// <summary>The tied decoder weight: the encoder's token embedding matrix itself.</summary>
    public Tensor DecoderWeight => _decoderWeight();

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled) =>
        nn.functional.linear(norm.call(_config.Activate(transform.call(states))), _decoderWeight(), bias);
}
