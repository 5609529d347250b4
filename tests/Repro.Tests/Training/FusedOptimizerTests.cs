using Repro.Engine.Recipes;
using Repro.Engine.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// The fused optimizers give bitwise the weights of TorchSharp's per-tensor <c>optim.AdamW</c> and <c>optim.SGD</c> (decay
/// on matrices only), step after step: on parameters of odd sizes (vector tails), larger than a thread's block (the
/// parallel pass), float64 (the tensor-operation path), and with a parameter that gets no gradient in some steps.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FusedOptimizerTests
{
    private static readonly long[][] Shapes = [[1], [7], [33, 17], [300, 129], [70_001], [5, 3]];
    private static readonly double[] Rates = [1e-3, 5e-4, 2e-3, 1e-4, 3e-4, 1e-3];

    private static readonly OptimizerSpec AdamW = new(OptimizerType.AdamW, 1e-3, 0.01, 0.9, 0.999, 1e-8, 0, false);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AdamWGivesTorchSharpsWeightsBitwise(int threads) => WithThreads(threads, () =>
        AssertSameAsTorchSharp(AdamW, parameters => optim.AdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }),
        ], 1e-3, 0.9, 0.999, 1e-8, 0.01)));

    [Theory]
    [InlineData(0.9, false)]
    [InlineData(0.9, true)]
    [InlineData(0.0, false)]
    public void SgdGivesTorchSharpsWeightsBitwise(double momentum, bool nesterov) => WithThreads(2, () =>
        AssertSameAsTorchSharp(new OptimizerSpec(OptimizerType.Sgd, 1e-2, 0.01, 0.9, 0.999, 1e-8, momentum, nesterov), parameters => optim.SGD(
        [
            new SGD.ParamGroup(parameters.Where(p => p.dim() >= 2), new SGD.Options { weight_decay = 0.01, momentum = momentum, nesterov = nesterov }),
            new SGD.ParamGroup(parameters.Where(p => p.dim() < 2), new SGD.Options { weight_decay = 0, momentum = momentum, nesterov = nesterov }),
        ], 1e-2, momentum, 0, 0.01, nesterov)));

    [Fact]
    public void ItsStateContinuesAnInterruptedRunBitwise()
    {
        var straight = Parameters();
        using (var optimizer = StageOptimizer.Create(AdamW, straight))
            for (var step = 0; step < Rates.Length; step++) Step(straight, step, optimizer.ZeroGrad, () => optimizer.Step(Rates[step]));

        var resumed = Parameters();
        Dictionary<string, Tensor> saved;
        using (var first = StageOptimizer.Create(AdamW, resumed))
        {
            for (var step = 0; step < 3; step++) Step(resumed, step, first.ZeroGrad, () => first.Step(Rates[step]));
            saved = first.State().ToDictionary(s => s.Name, s => s.Tensor.clone());
        }
        using (var second = StageOptimizer.Create(AdamW, resumed))
        {
            second.LoadState(saved);
            for (var step = 3; step < Rates.Length; step++) Step(resumed, step, second.ZeroGrad, () => second.Step(Rates[step]));
        }

        AssertBitwiseEqual(straight, resumed);
    }

    private static void AssertSameAsTorchSharp(OptimizerSpec spec, Func<IReadOnlyList<Parameter>, optim.Optimizer> torchSharp)
    {
        var reference = Parameters();
        var fused = Parameters();
        using var expected = torchSharp(reference);
        using var actual = StageOptimizer.Create(spec, fused);
        for (var step = 0; step < Rates.Length; step++)
        {
            Step(reference, step, expected.zero_grad, () =>
            {
                foreach (var group in expected.ParamGroups) group.LearningRate = Rates[step];
                expected.step();
            });
            Step(fused, step, actual.ZeroGrad, () => actual.Step(Rates[step]));
        }
        AssertBitwiseEqual(reference, fused);
    }

    /// <summary>Random weights of every shape (float32, and one float64 matrix), the same for every call.</summary>
    private static List<Parameter> Parameters()
    {
        using var generator = new Generator(17);
        var shapes = Shapes.Select(s => (Shape: s, Type: ScalarType.Float32)).Append((Shape: new long[] { 9, 4 }, Type: ScalarType.Float64));
        return [.. shapes.Select(s => new Parameter(randn(s.Shape, s.Type, generator: generator)))];
    }

    /// <summary>
    /// One step: gradients from a random linear loss (the gradient of Σ p · r is r, exactly), with the last float32
    /// parameter left out of the loss every third step, so it has no gradient in the first and a zeroed one later.
    /// </summary>
    private static void Step(IReadOnlyList<Parameter> parameters, int step, Action zeroGrad, Action update)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(100 + step));
        zeroGrad();
        var loss = parameters
            .Select((p, i) => (p, i))
            .Where(x => !(x.i == Shapes.Length - 1 && step % 3 == 0))
            .Select(x => (x.p * randn(x.p.shape, x.p.dtype, generator: generator) * 3).sum().to_type(ScalarType.Float64))
            .Aggregate((a, b) => a + b);
        loss.backward();
        update();
    }

    private static void AssertBitwiseEqual(IReadOnlyList<Parameter> expected, IReadOnlyList<Parameter> actual)
    {
        for (var i = 0; i < expected.Count; i++)
            Assert.True(expected[i].ne(actual[i]).sum().item<long>() == 0, $"parameter {i} ({string.Join('×', expected[i].shape)}, {expected[i].dtype}): " +
                $"{expected[i].ne(actual[i]).sum().item<long>()} of {expected[i].numel()} elements differ, by up to " +
                $"{(expected[i] - actual[i]).abs().max().to_type(ScalarType.Float64).item<double>()}");
    }

    private static void WithThreads(int threads, Action test)
    {
        var before = get_num_threads();
        set_num_threads(threads);
        try { test(); }
        finally { set_num_threads(before); }
    }
}
