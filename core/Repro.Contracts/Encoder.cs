using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Contracts;

/// <summary>
/// A transferable encoder body. The host runs it as
/// <c>states = Encode(Embed(ids, segments), padding); pooled = Pool(states, padding)</c>, so methods that
/// perturb input embeddings (SMART) or compare representations (RGKD) can step in between.
/// Only the body's weights carry over between stages; heads are new per task.
/// </summary>
public abstract class Encoder(string name) : nn.Module(name)
{
    /// <summary>Width of the hidden states.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>Input embeddings (batch, length, hidden) for token ids and segment ids (0 or 1).</summary>
    public abstract Tensor Embed(Tensor tokenIds, Tensor segmentIds);

    /// <summary>Contextual states (batch, length, hidden). <paramref name="padding"/> is true at padded positions.</summary>
    public abstract Tensor Encode(Tensor embeddings, Tensor padding);

    /// <summary>Sentence representation (batch, hidden) from the states; <paramref name="padding"/> as in <see cref="Encode"/>.</summary>
    public abstract Tensor Pool(Tensor states, Tensor padding);

    /// <summary>A new head of the given kind: freshly initialised, or a checkpoint's own head where it has one.</summary>
    public abstract Head CreateHead(HeadSpec spec);

    /// <summary>What the model has to say about how it was built (a checkpoint's tensors it left unused); the host prints and records each.</summary>
    public virtual IReadOnlyList<string> Notes => [];
}

/// <summary>Maps encoder outputs to predictions.</summary>
public abstract class Head(string name) : nn.Module(name)
{
    /// <summary>
    /// Masked or causal LM: logits (…, vocabulary) for states (…, hidden); the host may pass only the positions that have
    /// a target, as (positions, hidden). Classification: logits (batch, classes).
    /// Regression: values (batch). Token classification: logits (batch, length, classes), one row per token.
    /// </summary>
    public abstract Tensor Predict(Tensor states, Tensor pooled);
}

/// <summary>Which head to build.</summary>
/// <param name="Target">The task's target kind.</param>
/// <param name="Outputs">Classes for (token) classification, vocabulary size for masked or causal LM, 1 for regression.</param>
public sealed record HeadSpec(TargetKind Target, int Outputs);
