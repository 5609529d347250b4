using Repro.Engine.Training;

namespace Repro.Tests;

/// <summary>Metric values checked against hand computation.</summary>
[Trait("Category", "Unit")]
public sealed class MetricCalculatorTests
{
    // gold:      1 1 1 0 0 0 0 1
    // predicted: 1 1 0 0 0 1 0 1   → tp 3, fp 1, fn 1, tn 3
    private static readonly long[] Gold = [1, 1, 1, 0, 0, 0, 0, 1];
    private static readonly long[] Predicted = [1, 1, 0, 0, 0, 1, 0, 1];

    [Fact]
    public void AccuracyF1AndMatthewsOfABinaryCase()
    {
        Assert.Equal(6.0 / 8, MetricCalculator.Accuracy(Predicted, Gold), 12);
        Assert.Equal(2.0 * 3 / (2 * 3 + 1 + 1), MetricCalculator.F1(Predicted, Gold), 12);
        // MCC = (tp·tn − fp·fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (9 − 1) / sqrt(4·4·4·4) = 0.5
        Assert.Equal(0.5, MetricCalculator.Matthews(Predicted, Gold, 2), 12);
        // F1 of class 0: tp 3, fp 1, fn 1 → 0.75; macro = (0.75 + 0.75) / 2
        Assert.Equal(0.75, MetricCalculator.MacroF1(Predicted, Gold, 2), 12);
    }

    [Fact]
    public void MatthewsIsZeroForAConstantPredictorAndOneForAPerfectOne()
    {
        Assert.Equal(0, MetricCalculator.Matthews(new long[8], Gold, 2));
        Assert.Equal(1, MetricCalculator.Matthews(Gold, Gold, 2), 12);
        Assert.Equal(-1, MetricCalculator.Matthews(Gold.Select(g => 1 - g).ToArray(), Gold, 2), 12);
    }

    [Fact]
    public void PearsonAndSpearmanByHand()
    {
        double[] x = [1, 2, 3, 4];
        double[] y = [2, 4, 5, 4];
        // means 2.5 and 3.75; Σdx·dy = 3.5, Σdx² = 5, Σdy² = 4.75
        Assert.Equal(3.5 / Math.Sqrt(5 * 4.75), MetricCalculator.Pearson(x, y), 12);
        // ranks of y with a tie: 1, 2.5, 4, 2.5; Σdx·dr = 3, Σdr² = 4.5
        Assert.Equal(3.0 / Math.Sqrt(5 * 4.5), MetricCalculator.Spearman(x, y), 12);
        Assert.Equal(1, MetricCalculator.Spearman(x, [10, 20, 30, 1000]), 12);
        Assert.Equal(0, MetricCalculator.Pearson(x, [3, 3, 3, 3]));
    }
}
