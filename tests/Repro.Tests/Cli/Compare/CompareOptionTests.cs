using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Every path of <c>repro compare</c> honours or refuses <c>--alpha</c> and <c>--permutations</c>: an out-of-range value exits 2 in
/// the option's own terms, and a declared analysis, whose alpha the recipe fixed before the runs, refuses another one.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class CompareOptionTests
{
    private static readonly double[] Values = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73];

    /// <summary>A group <c>g</c> of six seeds whose recipe declares an analysis at alpha 0.01.</summary>
    private static TempDirectory DeclaredGroup()
    {
        var temp = new TempDirectory();
        DeclaredAnalysisTests.WriteGroup(temp, DeclaredAnalysisTests.Recipe("analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01, alpha: 0.01 }"),
            ("vanilla", Values), ("smart", [.. Values.Select(v => v + 0.01)]));
        return temp;
    }

    private static void AssertRefused(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("abc")]
    public void AnAlphaOutsideZeroAndOneIsRefusedOnEveryPath(string alpha)
    {
        using var temp = DeclaredGroup();
        var message = $"--alpha must be a number between 0 and 1 (exclusive), not '{alpha}'";

        AssertRefused(Cli.Run(temp.Path, "compare", "g", "--alpha", alpha), message);
        AssertRefused(Cli.Run(temp.Path, "compare", "g", "--stages", "vanilla,smart", "--alpha", alpha), message);
        AssertRefused(Cli.Run(temp.Path, "compare", "g", "g", "--alpha", alpha), message);
    }

    [Fact]
    public void ADeclaredAnalysisRefusesAnotherAlpha()
    {
        using var temp = DeclaredGroup();

        AssertRefused(Cli.Run(temp.Path, "compare", "g", "--alpha", "0.2"),
            "--alpha does not apply to a declared analysis: it tests at the recipe's analysis.alpha (0.01)");
    }

    [Fact]
    public void AnAlphaWithinRangeIsHonouredWhenTheComparisonIsNotDeclared()
    {
        using var temp = DeclaredGroup();

        var stages = Cli.Run(temp.Path, "compare", "g", "--stages", "vanilla,smart", "--alpha", "0.2");
        var groups = Cli.Run(temp.Path, "compare", "g", "g", "--alpha", "0.2");

        Assert.True(stages.ExitCode == 0, stages.ToString());
        Assert.Contains("alpha 0.2)", stages.Stdout);
        Assert.True(groups.ExitCode == 0, groups.ToString());
        Assert.Contains("alpha 0.2)", groups.Stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public void PermutationsOutOfRangeAreRefusedOnEveryPath(string permutations)
    {
        using var temp = DeclaredGroup();
        var message = $"--permutations must be a whole number between 1 and 100000000, not '{permutations}'";

        AssertRefused(Cli.Run(temp.Path, "compare", "g", "--permutations", permutations), message);
        AssertRefused(Cli.Run(temp.Path, "compare", "g", "g", "--permutations", permutations), message);
    }
}
