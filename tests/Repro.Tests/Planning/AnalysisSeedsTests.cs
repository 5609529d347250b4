using Repro.Engine.Planning;
using Repro.Engine.Recipes;
using Repro.Engine.Statistics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A group launched with too few seeds for its declared analysis to find any difference is warned before it runs.</summary>
[Trait("Category", "Unit")]
public sealed class AnalysisSeedsTests
{
    [Theory]
    [InlineData(0.05, 6)]     // 2/2⁵ = 0.0625 ≥ 0.05; 2/2⁶ = 0.031
    [InlineData(0.025, 7)]    // two comparisons: 2/2⁶ = 0.031 ≥ 0.025; 2/2⁷ = 0.0156
    [InlineData(0.05 / 3, 7)] // 0.0156 < 0.0167
    public void TheSeedsTheSignFlipTestNeedsAreTheFewestWhoseSmallestPIsBelowTheLevel(double level, int seeds)
    {
        Assert.Equal(seeds, SignFlipTest.PairsToReach(level));
        Assert.True(SignFlipTest.SmallestExactP(seeds - 1) >= level && SignFlipTest.SmallestExactP(seeds) < level);
    }

    [Fact]
    public void FiveSeedsAreWarnedAboutSixAreNot()
    {
        using var temp = new TempDirectory();
        var recipe = RecipeReader.ReadRecorded(temp.Write("r.yaml", DeclaredAnalysisTests.Recipe(
            "analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01 }")), []);

        var warning = AnalysisSeeds.Warning(recipe, 5);

        Assert.NotNull(warning);
        Assert.Contains("with 5 seeds", warning);
        Assert.Contains("smallest p-value (0.0625)", warning);
        Assert.Contains("α/m = 0.05", warning);
        Assert.EndsWith("6 seeds can", warning);
        Assert.Null(AnalysisSeeds.Warning(recipe, 6));
        Assert.Null(AnalysisSeeds.Warning(recipe, 1));   // one seed (repro run --seed) is a run, not a test
    }

    [Fact]
    public void ARecipeWithoutAnAnalysisIsNotWarned()
    {
        using var temp = new TempDirectory();
        Assert.Null(AnalysisSeeds.Warning(RecipeReader.ReadRecorded(temp.Write("r.yaml", DeclaredAnalysisTests.Recipe("")), []), 3));
    }
}
