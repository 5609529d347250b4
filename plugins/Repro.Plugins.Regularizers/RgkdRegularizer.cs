using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers;

/// <summary>Which representations <see cref="RgkdPlugin"/> compares.</summary>
public enum RgkdRepresentation
{
    /// <summary>The pooled sentence vectors (<see cref="Encoder.Pool"/>), one per example.</summary>
    Pooled,

    /// <summary>Every non-padded token's contextual state (<see cref="Encoder.Encode"/>).</summary>
    Tokens,
}

/// <summary>Parameters of <see cref="RgkdPlugin"/>.</summary>
public sealed class RgkdParameters
{
    /// <summary>Weight of the distance term.</summary>
    [Param("Weight of the mean squared distance between current and starting representations.", Min = 0)]
    public double Weight { get; set; } = 1;

    /// <summary>The representations compared.</summary>
    [Param("Representations compared: pooled (one vector per example) or tokens (every non-padded token state).")]
    public RgkdRepresentation Representation { get; set; } = RgkdRepresentation.Pooled;
}

/// <summary>
/// RGKD, the representation-guided knowledge distillation term of ARREST (2023): the model being
/// fine-tuned is kept close to a frozen copy of its starting point, weight·mean‖h(x; θ) − h(x; θ₀)‖²,
/// where h are representations of the same batch and the mean runs over examples (pooled) or non-padded
/// tokens (tokens). The student's representations are those of the step's own forward pass; the start's
/// come from the frozen copy, in eval mode and without gradients, so the term draws no random numbers.
/// </summary>
[Plugin("rgkd", "1.0.0", Description = "RGKD: keep representations close to those of a frozen copy of the starting model",
    Determinism = DeterminismTier.SameHardware)]
public sealed class RgkdPlugin : RegularizerPlugin<RgkdParameters>
{
    /// <inheritdoc/>
    public override Regularizer Create(RgkdParameters parameters) => new Rgkd(parameters.Weight, parameters.Representation);
}

/// <summary>The RGKD penalty of one stage.</summary>
public sealed class Rgkd(double weight, RgkdRepresentation representation) : Regularizer
{
    private ModelCopy? _start;

    /// <inheritdoc/>
    public override void OnStageStart(StageStart stage)
    {
        _start = (stage.CopyModel ?? throw new InvalidOperationException("the host offers no model copy (StageStart.CopyModel)"))();
    }

    /// <inheritdoc/>
    public override Tensor? Penalty(TrainingStep step)
    {
        var batch = step.Batch;
        var current = representation == RgkdRepresentation.Pooled ? step.Pooled : Tokens(step.States, batch.Padding);
        Tensor start;
        using (no_grad())
        {
            var startBody = _start!.Body;
            var states = startBody.Encode(startBody.Embed(batch.TokenIds, batch.SegmentIds), batch.Padding);
            start = representation == RgkdRepresentation.Pooled ? startBody.Pool(states, batch.Padding) : Tokens(states, batch.Padding);
        }
        return (current - start).square().sum() / Math.Max(current.shape[0], 1) * weight;
    }

    /// <summary>(non-padded tokens, hidden): every token state that is not padding.</summary>
    private static Tensor Tokens(Tensor states, Tensor padding) =>
        states.reshape(-1, states.shape[^1]).index_select(0, padding.reshape(-1).logical_not().nonzero().squeeze(1));

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Tensor> State() =>
        _start!.Parameters.Select((p, i) => (Key: $"start.{i}", Weight: (Tensor)p)).ToDictionary(x => x.Key, x => x.Weight);

    /// <inheritdoc/>
    public override void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _start!.Parameters.Count; i++) _start.Parameters[i].copy_(state[$"start.{i}"]);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _start?.Dispose();
        _start = null;
        base.Dispose();
    }
}
