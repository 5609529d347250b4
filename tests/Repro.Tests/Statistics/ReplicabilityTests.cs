using CsCheck;
using Repro.Engine;
using Repro.Engine.Recipes;
using Repro.Engine.Statistics;

namespace Repro.Tests;

/// <summary>
/// The replicability table: partial conjunction across settings (against its definition), one hypothesis per row taken
/// from the papers' claims, and settings that cannot share a table refused.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReplicabilityTests
{
    private static readonly double[] Baseline = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71];

    private static double[] Shifted(double by) => [.. Baseline.Select((v, i) => v + by + 0.001 * (i % 3))];

    private static ReplicationSetting Setting(string label, double[] candidate, double alpha = 0.05, params PaperClaim[] claims)
    {
        var group = DeclaredAnalysisTests.Group(("vanilla", Baseline), ("method", candidate));
        var spec = new AnalysisSpec("test", "accuracy", [("vanilla", "method")], 0.01, alpha, claims);
        return new ReplicationSetting(label, DeclaredAnalysis.Of(spec, group, permutations: 1000));
    }

    [Fact]
    public void PartialConjunctionMatchesAHandComputation()
    {
        // Sorted 0.001, 0.02, 0.04, 0.3; (n − j + 1) p₍ⱼ₎ = 0.004, 0.06, 0.08, 0.3, already non-decreasing.
        double[] p = [0.04, 0.001, 0.3, 0.02];
        Assert.Equal([0.004, 0.06, 0.08, 0.3], PartialConjunction.PValues(p), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1, PartialConjunction.AtLeast(p, 0.05));
        Assert.Equal(2, PartialConjunction.AtLeast(p, 0.07));
        Assert.Equal(3, PartialConjunction.AtLeast(p, 0.1));
        Assert.Equal(0, PartialConjunction.AtLeast(p, 0.004));
    }

    [Fact]
    public void PartialConjunctionIsBonferroniOverTheLargestPValuesMadeMonotone()
    {
        // Benjamini & Heller's Bonferroni combination: "at least u of n" combines the n − u + 1 largest p-values, (n − u + 1) · p₍ᵤ₎;
        // the count is the largest u whose monotone p-value is below the level.
        Gen.Double[0, 1].Array[1, 12].Select(Gen.Double[0.001, 0.2]).Sample(t =>
        {
            var (p, level) = t;
            var sorted = p.Order().ToArray();
            var n = p.Length;
            var running = 0.0;
            var expected = sorted.Select((v, j) => running = Math.Max(running, Math.Min(1, (n - j) * v))).ToArray();
            var actual = PartialConjunction.PValues(p);
            return expected.Zip(actual).All(x => Math.Abs(x.First - x.Second) < 1e-12)
                   && PartialConjunction.AtLeast(p, level) == expected.TakeWhile(v => v < level).Count();
        });
    }

    [Fact]
    public void AnEffectInTwoOfThreeSettingsHoldsInTwo()
    {
        var table = Replicability.Of([Setting("a@1", Shifted(0.05)), Setting("b@1", Shifted(0.04)), Setting("c@1", Shifted(0))]);

        var row = Assert.Single(table.Rows);
        Assert.Equal(ReplicationHypothesis.Better, row.Hypothesis);
        Assert.Equal(3, row.Settings);
        Assert.Equal(2, row.Holds);
        Assert.Equal(["better", "better", "equivalent within ±0.01"], row.Cells.Select(c => c!.Verdict));
    }

    [Fact]
    public void AParityClaimCountsEquivalenceAndANegativeGainCountsWorse()
    {
        var parity = new PaperClaim("vanilla", "method", null, 0.01, "a paper, Table 2");
        var table = Replicability.Of([Setting("a@1", Shifted(0), claims: parity), Setting("b@1", Shifted(0.0005), claims: parity)]);
        Assert.Equal(ReplicationHypothesis.Equivalent, table.Rows[0].Hypothesis);
        Assert.Equal(2, table.Rows[0].Holds);
        Assert.Equal("reproduces in this setting", table.Rows[0].Cells[0]!.Verdict);

        var loss = new PaperClaim("vanilla", "method", -0.02, null, "a paper, Table 3");
        var worse = Replicability.Of([Setting("a@1", Shifted(-0.03), claims: loss), Setting("b@1", Shifted(0.03), claims: loss)]);
        Assert.Equal(ReplicationHypothesis.Worse, worse.Rows[0].Hypothesis);
        Assert.Equal(1, worse.Rows[0].Holds);
    }

    [Fact]
    public void AComparisonOnlySomeSettingsDeclareCountsOnlyThose()
    {
        var other = DeclaredAnalysisTests.Group(("vanilla", Baseline), ("other", Shifted(0.05)));
        var spec = new AnalysisSpec("test", "accuracy", [("vanilla", "other")], 0.01, 0.05);
        var table = Replicability.Of([Setting("a@1", Shifted(0.05)), new ReplicationSetting("b@1", DeclaredAnalysis.Of(spec, other, 1000))]);

        Assert.Equal(["vanilla → method", "vanilla → other"], table.Rows.Select(r => $"{r.Baseline} → {r.Candidate}"));
        Assert.All(table.Rows, r => Assert.Equal(1, r.Settings));
        Assert.Null(table.Rows[0].Cells[1]);
        Assert.Equal(0.025, table.Level, 12);   // Bonferroni across the two rows
    }

    [Fact]
    public void SettingsThatCannotShareATableAreRefused()
    {
        Assert.Contains("at least two settings", Assert.Throws<ReproException>(() => Replicability.Of([Setting("a@1", Shifted(0.05))])).Message);
        Assert.Contains("different analysis.alpha (a@1: 0.05, b@1: 0.01)",
            Assert.Throws<ReproException>(() => Replicability.Of([Setting("a@1", Shifted(0.05)), Setting("b@1", Shifted(0.05), alpha: 0.01)])).Message);
        var error = Assert.Throws<ReproException>(() => Replicability.Of([
            Setting("a@1", Shifted(0.05), claims: new PaperClaim("vanilla", "method", 0.02, null, "x")),
            Setting("b@1", Shifted(0.05), claims: new PaperClaim("vanilla", "method", null, 0.01, "y"))])).Message;
        Assert.Contains("claim different things for vanilla → method (a@1: gain +0.02; b@1: parity within ±0.01)", error);
    }
}
