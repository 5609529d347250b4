using Repro.Engine.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Training.Optimizers;

/// <summary>
/// A training stage's optimizer: AdamW (<see cref="FusedAdamW"/>) or SGD with momentum (<see cref="FusedSgd"/>). Weight
/// decay applies to matrices only; biases, LayerNorm weights and other vectors are not decayed (the BERT convention). Each
/// parameter keeps its own state; a parameter without a gradient in a step is skipped, state and all, as torch.optim does.
/// </summary>
internal abstract class StageOptimizer : IDisposable
{
    protected readonly IReadOnlyList<Parameter> Parameters;
    protected readonly bool[] Decays;

    protected StageOptimizer(IReadOnlyList<Parameter> parameters)
    {
        Parameters = parameters;
        Decays = [.. parameters.Select(p => p.dim() >= 2)];
    }

    /// <summary>The optimizer a stage's <c>optimizer:</c> declares, over <paramref name="parameters"/> (in a fixed order).</summary>
    public static StageOptimizer Create(OptimizerSpec spec, IReadOnlyList<Parameter> parameters) => spec.Type switch
    {
        OptimizerType.Sgd => new FusedSgd(parameters, spec),
        OptimizerType.AdamW => new FusedAdamW(parameters, spec),
        OptimizerType.None => throw new InvalidOperationException("a stage that trains has an optimizer"),
    };

    /// <summary>Zeroes every gradient in place (a parameter without one keeps none).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
            if (p.grad is { } grad) grad.zero_();
    }

    /// <summary>Updates every parameter that has a gradient, at learning rate <paramref name="lr"/>.</summary>
    public void Step(double lr)
    {
        using var _ = no_grad();
        for (var i = 0; i < Parameters.Count; i++)
            if (Parameters[i].grad is { } grad) Update(i, Parameters[i], grad, lr);
    }

    /// <summary>One parameter's update.</summary>
    protected abstract void Update(int index, Parameter parameter, Tensor grad, double lr);

    /// <summary>The state to checkpoint, by name.</summary>
    public abstract IEnumerable<(string Name, Tensor Tensor)> State();

    /// <summary>Restores what <see cref="State"/> returned.</summary>
    public abstract void LoadState(IReadOnlyDictionary<string, Tensor> state);

    public abstract void Dispose();

    /// <summary>
    /// Whether the update of a parameter can run as one fused pass over its memory: a contiguous float32 CPU parameter and
    /// gradient. Otherwise (CUDA, other dtypes) the update runs as tensor operations, element-wise the same arithmetic.
    /// </summary>
    protected static bool Fusable(Tensor parameter, Tensor grad) =>
        parameter.device_type == TorchSharp.DeviceType.CPU && parameter.dtype == ScalarType.Float32 && grad.dtype == ScalarType.Float32 &&
        parameter.is_contiguous() && grad.is_contiguous();
}
