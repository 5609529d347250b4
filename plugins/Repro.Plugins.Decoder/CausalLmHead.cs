using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// The causal-LM head: logits = states · Wᵀ, no bias. W is the body's token embedding when tied (GPT-2 always; LLaMA with
/// <c>tie_word_embeddings</c>), read through a getter so it is registered once, in the body; otherwise the head's own
/// <c>weight</c> (LLaMA's <c>lm_head.weight</c>), from a checkpoint when the body was loaded with one.
/// </summary>
public sealed class CausalLmHead : Head
{
    private readonly Func<Tensor>? tied;
    private readonly TorchSharp.Modules.Parameter? weight;

    internal CausalLmHead(DecoderConfig config, int outputs, Func<Tensor>? tiedWeight, Tensor? checkpoint) : base(nameof(CausalLmHead))
    {
        if (outputs != config.VocabularySize)
            throw new ArgumentException(
                $"causal-decoder: a causal-LM head predicts the vocabulary, so its outputs ({outputs}) must equal the vocabulary size ({config.VocabularySize})", nameof(outputs));
        tied = tiedWeight;
        if (tied is null)
        {
            using var noGrad = no_grad();
            var initial = checkpoint?.clone() ?? empty(outputs, config.HiddenSize).normal_(0, config.InitStd);
            weight = nn.Parameter(initial.DetachFromDisposeScope());
            register_parameter("weight", weight);
        }
    }

    /// <summary>Whether the head uses the body's token embedding.</summary>
    public bool Tied => tied is not null;

    /// <summary>The projection (vocabulary, hidden): the body's token embedding when tied, else the head's own.</summary>
    public Tensor Weight => tied?.Invoke() ?? weight!;

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled) => nn.functional.linear(states, Weight);
}
