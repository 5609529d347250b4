using Repro.Engine;
using Repro.Engine.Runs;
using Repro.Engine.Statistics;

namespace Repro.Tests;

/// <summary>The statistics of groups and <c>repro compare</c> against textbook tables and hand computation.</summary>
[Trait("Category", "Unit")]
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(0.975, 1, 12.706205)]
    [InlineData(0.975, 2, 4.302653)]
    [InlineData(0.975, 3, 3.182446)]
    [InlineData(0.975, 4, 2.776445)]
    [InlineData(0.975, 10, 2.228139)]
    [InlineData(0.95, 30, 1.697261)]
    [InlineData(0.995, 5, 4.032143)]
    [InlineData(0.025, 4, -2.776445)]
    public void TQuantileMatchesTheTables(double p, int dof, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(p, dof), tolerance: 1e-6);

    [Fact]
    public void TCdfMatchesClosedForms()
    {
        Assert.Equal(0.5, StudentT.Cdf(0, 5), 12);
        Assert.Equal(0.75, StudentT.Cdf(1, 1), 12);                                  // Cauchy: 1/2 + atan(1)/π
        Assert.Equal(0.5 + 1 / (2 * Math.Sqrt(3)), StudentT.Cdf(1, 2), 12);          // dof 2: 1/2 + t / (2√(2+t²))
        Assert.Equal(0.975, StudentT.Cdf(StudentT.Quantile(0.975, 7), 7), 12);
    }

    [Fact]
    public void PairedTTestMatchesAHandComputation()
    {
        // d = B − A = 0.03, 0.02, 0.01, 0.04: mean 0.025, sd = √(5e-4 / 3), t = √15, 3 dof.
        var t = PairedTTest.Of([0.03, 0.02, 0.01, 0.04]);
        Assert.Equal(0.025, t.MeanDifference, 12);
        Assert.Equal(Math.Sqrt(5e-4 / 3), t.Std, 12);
        Assert.Equal(Math.Sqrt(15), t.T, 9);
        // With 3 dof, P(|T| ≥ t) = 1 − (2/π)(u/(1+u²) + atan u), u = t/√3 = √5.
        var u = Math.Sqrt(5);
        Assert.Equal(1 - 2 / Math.PI * (u / (1 + u * u) + Math.Atan(u)), t.P, 10);
        Assert.Equal(0.030466, t.P, tolerance: 1e-6);
        var half = 3.182446 * Math.Sqrt(5e-4 / 3) / 2;
        Assert.Equal(0.025 - half, t.Ci95.Low, tolerance: 1e-8);
        Assert.Equal(0.025 + half, t.Ci95.High, tolerance: 1e-8);
    }

    [Fact]
    public void EqualDifferencesNeedNoVariance()
    {
        Assert.Equal(1, PairedTTest.Of([0, 0, 0]).P);
        Assert.Equal(0, PairedTTest.Of([0.25, 0.25, 0.25]).P);
        Assert.True(PairedTTest.Of([0.1, 0.1, 0.1]).P < 1e-12);   // rounding leaves a std of ~1e-17
        Assert.Equal(1, SignFlipTest.P([0, 0, 0]));
    }

    [Fact]
    public void ExactPermutationPValuesMatchEnumeration()
    {
        // ±1 ±2 ±3: only +6 and −6 reach |6|: 2 of 8.
        Assert.Equal(0.25, SignFlipTest.P([1, 2, 3]));
        // ±1 ±2 ±3 ±0.5 against |5.5|: ±6.5 and ±5.5 reach it: 4 of 16.
        Assert.Equal(0.25, SignFlipTest.P([1, 2, 3, -0.5]));
        // ±1 ±1 ±1 against |1|: every assignment but none has |sum| ≥ 1 → 8 of 8.
        Assert.Equal(1, SignFlipTest.P([1, -1, 1]));
        Assert.Equal(2.0 / 32, SignFlipTest.SmallestExactP(5));
    }

    [Fact]
    public void RandomPermutationsAreDeterministic()
    {
        var d = Enumerable.Range(1, 20).Select(i => i % 3 == 0 ? -0.01 * i : 0.02).ToList();
        var p = SignFlipTest.P(d, 5000);
        Assert.Equal(p, SignFlipTest.P(d, 5000));
        Assert.InRange(p, 1.0 / 5001, 1);
    }

    [Fact]
    public void ASampleOfOneHasNoInterval()
    {
        var one = Sample.Of([0.8]);
        Assert.Equal((0.8, 0.0), (one.Mean, one.Std));
        Assert.Null(one.Ci95);
        var three = Sample.Of([1.0, 2.0, 3.0]);
        Assert.Equal(1, three.Std, 12);
        Assert.Equal(2 - 4.302653 / Math.Sqrt(3), three.Ci95!.Value.Low, tolerance: 1e-6);
    }

    [Fact]
    public void VerdictsKnowWhichWayIsBetter()
    {
        long[] seeds = [1, 2, 3, 4, 5, 6];
        double[] a = [0.50, 0.52, 0.51, 0.49, 0.50, 0.53];
        var higher = a.Select((v, i) => v + 0.10 + 0.001 * i).ToList();
        Assert.Equal(Verdict.BBetter, MetricComparison.Of("target/test/accuracy", seeds, a, higher, 0.05, 1000).Verdict);
        Assert.Equal(Verdict.BWorse, MetricComparison.Of("target/test/loss", seeds, a, higher, 0.05, 1000).Verdict);
        Assert.Equal(Verdict.BHigher, MetricComparison.Of("target/test/bleu", seeds, a, higher, 0.05, 1000).Verdict);
        // Five pairs: the exact permutation test cannot go below 1/16, so nothing is significant at 0.05.
        Assert.Equal(Verdict.NoSignificantDifference, MetricComparison.Of("target/test/accuracy", seeds[..5], a[..5], higher[..5], 0.05, 1000).Verdict);
        Assert.Equal(Direction.LowerIsBetter, MetricDirection.Of("pretrain/dev/perplexity"));
        Assert.Equal(Direction.HigherIsBetter, MetricDirection.Of("target/dev/macro_f1"));
        Assert.Equal(Direction.HigherIsBetter, MetricDirection.Of("tagger/test/token_accuracy"));
        Assert.Equal(Direction.HigherIsBetter, MetricDirection.Of("tagger/test/entity_f1"));
    }

    [Theory]
    [InlineData("1..5", new long[] { 1, 2, 3, 4, 5 })]
    [InlineData("1,3,7", new long[] { 1, 3, 7 })]
    [InlineData("1..3,9", new long[] { 1, 2, 3, 9 })]
    [InlineData("4, 2..3, 4", new long[] { 4, 2, 3 })]
    public void SeedListsParse(string text, long[] expected) => Assert.Equal(expected, SeedList.Parse(text));

    [Theory]
    [InlineData("5..1")]
    [InlineData("a")]
    [InlineData("1,,2")]
    [InlineData("-1")]
    public void BadSeedListsNameTheOption(string text) =>
        Assert.Contains("--seeds", Assert.Throws<ReproException>(() => SeedList.Parse(text)).Message);

    [Fact]
    public void TheBetweenArmCorrelationIsPearsonsR()
    {
        // Hand computation: means 2 and 4; deviations (-1, 0, 1) and (-2, 1, 1): r = 3 / sqrt(2 * 6).
        Assert.Equal(3 / Math.Sqrt(12), MetricComparison.Pearson([1, 2, 3], [2, 5, 5])!.Value, 12);
        Assert.Equal(-1, MetricComparison.Pearson([1, 2, 3], [3, 2, 1])!.Value, 12);
        Assert.Null(MetricComparison.Pearson([1, 2], [1, 2]));
        Assert.Null(MetricComparison.Pearson([1, 1, 1], [1, 2, 3]));
        Assert.Equal(MetricComparison.Pearson([0.5, 0.7, 0.6], [0.55, 0.71, 0.58]),
            MetricComparison.Of("test/accuracy", [1, 2, 3], [0.5, 0.7, 0.6], [0.55, 0.71, 0.58], 0.05, 1000).Correlation);
    }
}
