using Repro.Engine.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Training.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter) with the arithmetic of TorchSharp's <c>optim.AdamW</c>, element by element and rounding by
/// rounding: decay the weights, update both moments, divide by the bias-corrected root second moment plus ε. On CPU it
/// runs as two passes over each parameter's memory and libtorch's square root (<see cref="FusedPass.Adam"/>) instead of
/// eight tensor operations that each read and write all of it; the weights come out bitwise the same (FusedOptimizerTests).
/// </summary>
internal sealed class FusedAdamW : StageOptimizer
{
    private readonly OptimizerSpec _spec;
    private readonly Tensor[] _expAvg;
    private readonly Tensor[] _expAvgSq;
    private readonly long[] _steps;
    /// <summary>The steps, as the tensor a checkpoint holds (filled by <see cref="State"/>).</summary>
    private readonly Tensor _stepsSaved;
    private readonly Tensor _scratch;

    public FusedAdamW(IReadOnlyList<Parameter> parameters, OptimizerSpec spec) : base(parameters)
    {
        _spec = spec;
        _expAvg = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _expAvgSq = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _steps = new long[parameters.Count];
        _stepsSaved = zeros(parameters.Count, ScalarType.Int64).DetachFromDisposeScope();
        _scratch = empty(parameters.Select(p => p.numel()).DefaultIfEmpty(0).Max()).DetachFromDisposeScope();
    }

    protected override void Update(int index, Parameter parameter, Tensor grad, double lr)
    {
        var step = ++_steps[index];
        var weightDecay = Decays[index] ? _spec.WeightDecay : 0;
        var biasCorrection1 = 1 - Math.Pow(_spec.Beta1, step);
        var biasCorrection2 = 1 - Math.Pow(_spec.Beta2, step);
        var stepSize = lr / biasCorrection1;
        var (expAvg, expAvgSq) = (_expAvg[index], _expAvgSq[index]);
        if (Fusable(parameter, grad))
        {
            // A tensor operation rounds a double scalar to the tensor's float32 before using it; so does this.
            var scalars = new FusedPass.AdamScalars((float)(1 - lr * weightDecay), (float)_spec.Beta1, (float)(1 - _spec.Beta1),
                (float)_spec.Beta2, (float)(1 - _spec.Beta2), (float)Math.Sqrt(biasCorrection2), (float)_spec.Eps, (float)-stepSize);
            FusedPass.Adam(parameter, grad, expAvg, expAvgSq, _scratch, scalars);
            return;
        }
        using var scope = NewDisposeScope();
        parameter.mul_(1 - lr * weightDecay);
        expAvg.mul_(_spec.Beta1).add_(grad, alpha: 1 - _spec.Beta1);
        expAvgSq.mul_(_spec.Beta2).addcmul_(grad, grad, value: 1 - _spec.Beta2);
        var denominator = (expAvgSq.sqrt() / Math.Sqrt(biasCorrection2)).add_(_spec.Eps);
        parameter.addcdiv_(expAvg, denominator, value: -stepSize);
    }

    public override IEnumerable<(string Name, Tensor Tensor)> State()
    {
        var steps = _stepsSaved.data<long>();
        for (var i = 0; i < Parameters.Count; i++) steps[i] = _steps[i];
        yield return ("steps", _stepsSaved);
        for (var i = 0; i < Parameters.Count; i++)
        {
            yield return ($"{i}.exp_avg", _expAvg[i]);
            yield return ($"{i}.exp_avg_sq", _expAvgSq[i]);
        }
    }

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        var steps = state["steps"].data<long>();
        for (var i = 0; i < Parameters.Count; i++)
        {
            _steps[i] = steps[i];
            _expAvg[i].copy_(state[$"{i}.exp_avg"]);
            _expAvgSq[i].copy_(state[$"{i}.exp_avg_sq"]);
        }
    }

    public override void Dispose()
    {
        foreach (var t in _expAvg.Concat(_expAvgSq).Append(_stepsSaved).Append(_scratch)) t.Dispose();
    }
}
