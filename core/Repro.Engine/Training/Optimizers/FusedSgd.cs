using Repro.Engine.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Training.Optimizers;

/// <summary>
/// SGD with (optionally Nesterov) momentum and no dampening, with the arithmetic of TorchSharp's <c>optim.SGD</c>: the
/// gradient plus the decay term, the momentum buffer (the first step's gradient, then momentum · buffer + gradient), a
/// step of −lr along it. On CPU one pass over each parameter's memory (<see cref="FusedPass"/>), bitwise the same weights.
/// </summary>
internal sealed class FusedSgd : StageOptimizer
{
    private readonly OptimizerSpec _spec;
    private readonly Tensor?[] _momentum;

    public FusedSgd(IReadOnlyList<Parameter> parameters, OptimizerSpec spec) : base(parameters)
    {
        _spec = spec;
        _momentum = new Tensor?[parameters.Count];
    }

    protected override void Update(int index, Parameter parameter, Tensor grad, double lr)
    {
        var weightDecay = Decays[index] ? _spec.WeightDecay : 0;
        var first = _spec.Momentum != 0 && _momentum[index] is null;
        if (first) _momentum[index] = zeros_like(parameter).DetachFromDisposeScope();
        if (Fusable(parameter, grad))
        {
            FusedPass.Sgd(parameter, grad, _momentum[index],
                new FusedPass.SgdScalars((float)weightDecay, (float)_spec.Momentum, _spec.Nesterov, first, (float)-lr));
            return;
        }
        using var scope = NewDisposeScope();
        var direction = weightDecay != 0 ? grad.add(parameter, alpha: weightDecay) : grad;
        if (_momentum[index] is { } buffer)
        {
            if (first) buffer.copy_(direction);
            else buffer.mul_(_spec.Momentum).add_(direction, alpha: 1);
            direction = _spec.Nesterov ? direction.add(buffer, alpha: _spec.Momentum) : buffer;
        }
        parameter.add_(direction, alpha: -lr);
    }

    public override IEnumerable<(string Name, Tensor Tensor)> State()
    {
        for (var i = 0; i < Parameters.Count; i++)
            if (_momentum[i] is { } buffer) yield return ($"{i}.momentum", buffer);
    }

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            _momentum[i]?.Dispose();
            _momentum[i] = state.TryGetValue($"{i}.momentum", out var saved) ? saved.clone().to(Parameters[i].device).DetachFromDisposeScope() : null;
        }
    }

    public override void Dispose()
    {
        foreach (var t in _momentum) t?.Dispose();
    }
}
