using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class OutputDivergenceTests
{
    [Fact]
    public void SymmetricKlMatchesTheFormula()
    {
        // p = (½, ½), q = (¾, ¼): Σ (p − q)(log p − log q) = ¼·ln(3/2) + ¼·ln 2 = ¼·ln 3
        var a = tensor(new float[] { 0, 0 }).reshape(1, 2);
        var b = tensor(new float[] { (float)Math.Log(3), 0 }).reshape(1, 2);
        Assert.Equal(Math.Log(3) / 4, OutputDivergence.Of(a, b).item<float>(), 6);
        Assert.Equal(0f, OutputDivergence.Of(a, a).item<float>());
    }

    [Fact]
    public void RegressionUsesTheMeanSquaredDifference()
    {
        // ((1 − 1)² + (2 − 4)²) / 2
        Assert.Equal(2f, OutputDivergence.Of(tensor(new float[] { 1, 2 }), tensor(new float[] { 1, 4 })).item<float>());
    }

    [Fact]
    public void NoRowsGiveZero() =>
        Assert.Equal(0f, OutputDivergence.Of(zeros(0, 4), zeros(0, 4)).item<float>());
}
