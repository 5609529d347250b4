using Repro.Engine.Recipes;
using Repro.Engine.Statistics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Declared comparisons read against the papers' claims: the five verdicts, the one-sided test, and the recipe's <c>analysis.claims</c>.</summary>
[Trait("Category", "Unit")]
public sealed class ClaimReadingTests
{
    private static readonly double[] Baseline = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71];

    private static double[] Shifted(double by, double wobble = 0.001) => [.. Baseline.Select((v, i) => v + by + wobble * (i % 3))];

    private static ClaimReading Read(double[] candidate, PaperClaim claim)
    {
        var group = DeclaredAnalysisTests.Group(("vanilla", Baseline), ("method", candidate));
        var spec = new AnalysisSpec("test", "accuracy", [("vanilla", "method")], 0.01, 0.05, [claim]);
        return Assert.Single(DeclaredAnalysis.Of(spec, group, permutations: 1000).Claims);
    }

    private static PaperClaim Gain(double gain) => new("vanilla", "method", gain, null, "a paper, Table 1");
    private static PaperClaim Parity(double within) => new("vanilla", "method", null, within, "a paper, Table 2");

    [Fact]
    public void AGainIsReproducedSmallerThanClaimedNotReproducedContradictedOrInconclusive()
    {
        Assert.Equal(ClaimVerdict.Reproduces, Read(Shifted(0.05), Gain(0.05)).Verdict);
        Assert.Equal(ClaimVerdict.SmallerThanClaimed, Read(Shifted(0.05), Gain(0.20)).Verdict);
        Assert.Equal(ClaimVerdict.NotReproduced, Read(Shifted(0, wobble: 0.0005), Gain(0.05)).Verdict);
        Assert.Equal(ClaimVerdict.Contradicted, Read(Shifted(-0.05), Gain(0.05)).Verdict);
        var noisy = Baseline.Select((v, i) => v + (i % 2 == 0 ? 0.04 : -0.04)).ToArray();
        Assert.Equal(ClaimVerdict.Inconclusive, Read(noisy, Gain(0.01)).Verdict);
        Assert.Equal("smaller than claimed in this setting", Read(Shifted(0.05), Gain(0.20)).Words);
    }

    [Fact]
    public void AParityClaimHoldsWithinItsMarginAndFailsBeyondIt()
    {
        Assert.Equal(ClaimVerdict.Reproduces, Read(Shifted(0, wobble: 0.0005), Parity(0.01)).Verdict);
        Assert.Equal(ClaimVerdict.NotReproduced, Read(Shifted(-0.05), Parity(0.01)).Verdict);
        var noisy = Baseline.Select((v, i) => v + (i % 2 == 0 ? 0.04 : -0.04)).ToArray();
        Assert.Equal(ClaimVerdict.Inconclusive, Read(noisy, Parity(0.01)).Verdict);
    }

    [Fact]
    public void TheOneSidedTestMatchesAHandComputation()
    {
        // d = 0, 0.002, 0.001: mean 0.001, sd 0.001, 2 dof; with 2 dof P(T ≤ t) = 1/2 + t / (2√(2 + t²)).
        var t = (0.001 - 0.01) / (0.001 / Math.Sqrt(3));
        Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), MeanEstimate.OfPairs([0, 0.002, 0.001]).Below(0.01), 10);
        Assert.Equal(0.5 - t / (2 * Math.Sqrt(2 + t * t)), MeanEstimate.OfPairs([0, 0.002, 0.001]).Above(0.01), 10);
    }

    [Fact]
    public void ForALowerIsBetterMetricTheGainIsADecrease()
    {
        var group = DeclaredAnalysisTests.Group(("vanilla", Baseline), ("method", Shifted(-0.05, wobble: -0.001)));
        foreach (var key in group.Metrics.Keys.ToList())
            if (key.EndsWith("/accuracy", StringComparison.Ordinal))
                group.Metrics[key.Replace("/accuracy", "/loss")] = group.Metrics[key];
        var spec = new AnalysisSpec("test", "loss", [("vanilla", "method")], 0.01, 0.05, [Gain(0.05)]);
        Assert.Equal(ClaimVerdict.Reproduces, Assert.Single(DeclaredAnalysis.Of(spec, group, 1000).Claims).Verdict);
    }

    [Theory]
    [InlineData("claims: [{ comparison: [smart, vanilla], gain: 0.01, source: \"x\" }]", "[smart, vanilla] is not one of analysis.comparisons (it lists [vanilla, smart]")]
    [InlineData("claims: [{ comparison: [vanilla, smart], gain: 0.01, within: 0.01, source: \"x\" }]", "either gain (the improvement the paper claims) or within")]
    [InlineData("claims: [{ comparison: [vanilla, smart], gain: 0, source: \"x\" }]", "a claim of no difference is a parity claim")]
    [InlineData("claims: [{ comparison: [vanilla, smart], gain: 0.01 }]", "needs 'source'")]
    [InlineData("claims: [{ comparison: [vanilla, smart], gain: 0.01, source: \"x\", table: 2 }]", "unknown key 'table'")]
    public void ClaimMistakesAreReportedWhereTheyAre(string claims, string message)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", DeclaredAnalysisTests.Recipe($"analysis: {{ primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01, {claims} }}"));
        var problems = new List<Diagnostic>();
        RecipeReader.ReadRecorded(path, problems);
        var problem = Assert.Single(problems, p => p.Message.Contains("analysis", StringComparison.Ordinal));
        Assert.Contains(":21:", problem.Location);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void TheResolvedRecipeKeepsTheClaims()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", DeclaredAnalysisTests.Recipe(
            "analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01, claims: [{ comparison: [vanilla, smart], within: 0.004, source: \"Houlsby et al. 2019, Table 2\" }] }"));
        var spec = RecipeReader.ReadRecorded(path, []).Analysis!;
        var again = temp.Write("again.yaml", "name: x\nversion: 1.0.0\nstages: { vanilla: { kind: finetune }, smart: { kind: finetune } }\n" +
            new YamlDotNet.RepresentationModel.YamlStream(new YamlDotNet.RepresentationModel.YamlDocument(
                new YamlDotNet.RepresentationModel.YamlMappingNode { { "analysis", spec.ToYaml() } })).ToText());
        Assert.Equal(spec.Claims, RecipeReader.ReadRecorded(again, []).Analysis!.Claims);
    }
}
