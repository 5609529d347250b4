using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>repro run</c> ends with the recipe's primary metric of every stage in one line: per run, and a group's means.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class HeadlineTests
{
    // DeclaredAnalysisTests' recipe, its two arms cut to three steps.
    private static readonly string[] ShortArms = ["--set", "stages.vanilla.steps=3", "--set", "stages.smart.steps=3"];

    [Fact]
    public void ARunAndAGroupEndWithTheirPrimaryMetricInTheRecipesOrder()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("r.yaml", DeclaredAnalysisTests.Recipe("analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01 }"));

        var result = Cli.Run(temp.Path, ["run", recipe, "--out", "runs", "--no-cache", "--seeds", "1..2", .. ShortArms]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Equal(2, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^test/accuracy: vanilla \d\.\d{4} · smart \d\.\d{4}\s*$")));
        var group = Assert.Single(lines, l => l.StartsWith("test/accuracy, mean over 2 seeds: vanilla ", StringComparison.Ordinal));
        Assert.Contains("(the declared analysis: repro compare runs/tiny@1.0.0/group-", group);
    }

    [Fact]
    public void ARecipeWithoutAnAnalysisHasNoSuchLine()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("r.yaml", DeclaredAnalysisTests.Recipe(""));

        var result = Cli.Run(temp.Path, ["run", recipe, "--out", "runs", "--no-cache", .. ShortArms]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("test/accuracy:", result.Stdout);
    }
}
