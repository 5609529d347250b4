using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers;

/// <summary>Parameters of <see cref="L2SpPlugin"/>, named as in Li et al. (2018).</summary>
public sealed class L2SpParameters
{
    /// <summary>Weight of the pull of the body towards its starting weights.</summary>
    [Param("α: weight of ‖w − w₀‖² over the transferred body (w₀: the weights the stage starts from).", Min = 0)]
    public double Alpha { get; set; } = 0.01;

    /// <summary>Weight of plain L2 on the new head.</summary>
    [Param("β: weight of ‖w‖² over the new head's parameters.", Min = 0)]
    public double Beta { get; set; } = 0.01;
}

/// <summary>
/// L2-SP (Li, Grandvalet &amp; Davoine, 2018, "Explicit inductive bias for transfer learning with
/// convolutional networks"): Ω(w) = α/2·‖w_S − w_S⁰‖² + β/2·‖w_S̄‖², where w_S are the transferred
/// body's parameters, w_S⁰ their values when the stage starts, and w_S̄ the new head's parameters.
/// Without <c>from:</c> the starting point is the random initialisation.
/// </summary>
[Plugin("l2-sp", "1.0.0", Description = "L2-SP: pull the body towards its starting weights, plain L2 on the new head", Determinism = DeterminismTier.SameHardware)]
public sealed class L2SpPlugin : RegularizerPlugin<L2SpParameters>
{
    /// <inheritdoc/>
    public override Regularizer Create(L2SpParameters parameters) => new L2Sp(parameters.Alpha, parameters.Beta);
}

/// <summary>The L2-SP penalty of one stage.</summary>
public sealed class L2Sp(double alpha, double beta) : Regularizer
{
    private readonly List<(Parameter Weight, Tensor Start)> _body = [];
    private readonly List<Parameter> _head = [];

    /// <inheritdoc/>
    public override void OnStageStart(StageStart stage)
    {
        using (no_grad())
            foreach (var p in stage.Body.parameters())
                _body.Add((p, p.detach().clone().DetachFromDisposeScope()));
        var bodyParameters = _body.Select(b => b.Weight).ToHashSet(ReferenceEqualityComparer.Instance);
        _head.AddRange(stage.Head.parameters().Where(p => !bodyParameters.Contains(p)));
    }

    /// <inheritdoc/>
    public override Tensor? Penalty(TrainingStep step)
    {
        var penalty = zeros(1, device: _body[0].Weight.device).squeeze();
        if (alpha > 0)
            foreach (var (weight, start) in _body)
                penalty = penalty + (weight - start).square().sum() * (alpha / 2);
        if (beta > 0)
            foreach (var weight in _head)
                penalty = penalty + weight.square().sum() * (beta / 2);
        return penalty;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Tensor> State() =>
        _body.Select((b, i) => (Key: $"start.{i}", b.Start)).ToDictionary(x => x.Key, x => x.Start);

    /// <inheritdoc/>
    public override void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _body.Count; i++) _body[i].Start.copy_(state[$"start.{i}"]);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var (_, start) in _body) start.Dispose();
        _body.Clear();
        base.Dispose();
    }
}
