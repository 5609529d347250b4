using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class PerturbationNormTests
{
    private static Tensor Large() => randn(4, 6, 8, generator: new Generator(5)) * 10;

    [Fact]
    public void LinfProjectionKeepsEveryCoordinateWithinEpsilon()
    {
        var projected = PerturbationNorm.Linf.Project(Large(), 0.01);
        Assert.True(projected.abs().max().item<float>() <= 0.01f);
        Assert.Equal(0.01f, projected.abs().max().item<float>(), 6);
    }

    [Fact]
    public void L2ProjectionKeepsEveryTokenWithinEpsilon()
    {
        var norms = PerturbationNorm.L2.Project(Large(), 0.01).square().sum(-1).sqrt();
        Assert.True(norms.max().item<float>() <= 0.01f * (1 + 1e-6f));
        Assert.Equal(0.01f, norms.min().item<float>(), 6);   // every token was outside, so each lands on the sphere
    }

    [Fact]
    public void PerturbationsInsideTheBallAreKept()
    {
        var small = tensor(new float[] { 0.003f, -0.004f }).reshape(1, 1, 2);   // ‖·‖₂ = 0.005, ‖·‖∞ = 0.004
        Assert.Equal(small.data<float>().ToArray(), PerturbationNorm.L2.Project(small, 0.01).data<float>().ToArray());
        Assert.Equal(small.data<float>().ToArray(), PerturbationNorm.Linf.Project(small, 0.01).data<float>().ToArray());
    }

    [Fact]
    public void DirectionsHaveUnitNormPerToken()
    {
        var gradient = tensor(new float[] { 3, -4, 0, 0 }).reshape(1, 2, 2);
        Assert.Equal(new[] { 0.6f, -0.8f, 0, 0 }, PerturbationNorm.L2.Direction(gradient).data<float>().ToArray());
        Assert.Equal(new[] { 0.75f, -1, 0, 0 }, PerturbationNorm.Linf.Direction(gradient).data<float>().ToArray());
    }
}
