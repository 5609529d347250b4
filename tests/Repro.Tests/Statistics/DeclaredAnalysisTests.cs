using System.Globalization;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Statistics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The analysis a recipe declares: Holm across comparisons, equivalence (TOST), power, and <c>repro compare GROUP</c>.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class DeclaredAnalysisTests
{
    [Fact]
    public void HolmMatchesRsPAdjust()
    {
        // p.adjust(c(0.01, 0.04, 0.03, 0.5), "holm") = 0.04 0.09 0.09 0.5
        var adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.5]);
        Assert.Equal([0.04, 0.09, 0.09, 0.5], adjusted.Select(p => Math.Round(p, 12)));
        Assert.Equal([1.0, 1.0], Holm.Adjust([0.6, 0.9]));
    }

    [Fact]
    public void EquivalenceTestMatchesAHandComputation()
    {
        // d = 0, 0.002, 0.001: mean 0.001, sd 0.001, 2 dof; the binding side is H0: mean ≥ +0.01,
        // t = (0.001 − 0.01) / (0.001/√3); with 2 dof P(T ≤ t) = 1/2 + t / (2√(2 + t²)).
        var t = (0.001 - 0.01) / (0.001 / Math.Sqrt(3));
        Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), MeanEstimate.OfPairs([0, 0.002, 0.001]).Tost(0.01), 10);
        Assert.True(MeanEstimate.OfPairs([0.02, 0.03, 0.025]).Tost(0.01) > 0.5);    // clearly outside the margin
    }

    [Theory]
    [InlineData(1.0, 10)]   // G*Power, paired t, d = 1, α 0.05 two-sided, power 0.8: n = 10
    [InlineData(0.5, 34)]   // d = 0.5: n = 34
    public void SeedsNeededMatchPowerTables(double effect, int expected) =>
        Assert.Equal(expected, PowerEstimate.Of(pairedStd: 1, effect, alpha: 0.05, seeds: 8).SeedsNeeded);

    [Fact]
    public void PowerReachedAndDetectableEffectAgree()
    {
        var estimate = PowerEstimate.Of(pairedStd: 0.02, effect: 0.01, alpha: 0.05, seeds: 8);
        Assert.False(estimate.Enough);
        Assert.InRange(estimate.PowerReached, 0.05, 0.8);
        // At the detectable effect the power is the target by construction.
        var atDetectable = PowerEstimate.Of(0.02, estimate.MinimumDetectableEffect, 0.05, 8);
        Assert.Equal(PowerEstimate.Target, atDetectable.PowerReached, 9);
        Assert.Equal(8, atDetectable.SeedsNeeded);
    }

    [Fact]
    public void VerdictsAreBetterEquivalentAndInconclusive()
    {
        var baseline = new[] { 0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71 };
        var group = Group(
            ("vanilla", baseline),
            ("better", baseline.Select((v, i) => v + 0.05 + 0.001 * (i % 3)).ToArray()),
            ("same", baseline.Select((v, i) => v + 0.0005 * (i % 2 == 0 ? 1 : -1)).ToArray()),
            ("noisy", baseline.Select((v, i) => v + (i % 2 == 0 ? 0.04 : -0.04)).ToArray()));
        var spec = new AnalysisSpec("test", "accuracy", [("vanilla", "better"), ("vanilla", "same"), ("vanilla", "noisy")], 0.01, 0.05);

        var analysis = DeclaredAnalysis.Of(spec, group, permutations: 1000);

        Assert.Equal([AnalysisVerdict.Better, AnalysisVerdict.Equivalent, AnalysisVerdict.Inconclusive], analysis.Comparisons.Select(c => c.Verdict));
        Assert.All(analysis.Comparisons, c => Assert.Equal(["test/accuracy", "dev/accuracy"], c.Rows.Select(r => r.Metric)));
        Assert.All(analysis.Comparisons, c => Assert.True(c.HolmTTestP >= c.Primary.TTestP && c.HolmPermutationP >= c.Primary.PermutationP));
        Assert.Equal("inconclusive (underpowered)", analysis.Words(analysis.Comparisons[2]));
        Assert.Equal(0.05 / 3, analysis.Comparisons[0].Power!.Alpha, 12);
        // ASO, secondary: +0.05 on every seed dominates outright; ±0.04 alternating leaves B's scores on both sides of A's.
        Assert.Equal(0, analysis.Comparisons[0].AsoEpsilonMin);
        Assert.InRange(analysis.Comparisons[2].AsoEpsilonMin!.Value, 0.2, 1);
        Assert.Equal(analysis.Comparisons.Select(c => c.AsoEpsilonMin), DeclaredAnalysis.Of(spec, group, permutations: 1000).Comparisons.Select(c => c.AsoEpsilonMin));
    }

    [Fact]
    public void IdenticalArmsAreEquivalentNotDifferent()
    {
        var values = new[] { 0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71 };
        var group = Group(("a", values), ("b", values), ("c", values));
        var analysis = DeclaredAnalysis.Of(new AnalysisSpec("test", "accuracy", [("a", "b"), ("a", "c")], 0.01, 0.05), group, 1000);
        Assert.All(analysis.Comparisons, c => Assert.Equal(AnalysisVerdict.Equivalent, c.Verdict));
    }

    [Fact]
    public void CompareRunsTheAnalysisTheRunsDeclared()
    {
        using var temp = new TempDirectory();
        var baseline = new[] { 0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71 };
        WriteGroup(temp, Recipe("analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01 }"),
            ("vanilla", baseline), ("smart", baseline.Select(v => v - 0.05).ToArray()));

        var result = Cli.Run(temp.Path, "compare", "g", "--markdown", "analysis.md", "--fail-if-worse");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("declared analysis: primary test/accuracy, 1 comparison(s) adjusted with Holm", result.Stdout);
        Assert.Contains("worse", result.Stdout);
        var markdown = File.ReadAllText(Path.Combine(temp.Path, "analysis.md"));
        Assert.Contains("| vanilla → smart | test/accuracy | 8 | 0.7050 | 0.6550 | -0.0500 |", markdown);
        Assert.Contains("| dev/accuracy | 8 |", markdown);
        Assert.Contains("**worse** |", markdown);
        Assert.Contains("power, vanilla → smart: paired sd 0.0000", markdown);
    }

    [Fact]
    public void AGroupWithoutAnAnalysisAsksForOne()
    {
        using var temp = new TempDirectory();
        WriteGroup(temp, Recipe(""), ("vanilla", [0.7, 0.71]), ("smart", [0.7, 0.72]));
        var result = Cli.Run(temp.Path, "compare", "g");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("declares no analysis", result.Stderr);
    }

    [Theory]
    [InlineData("analysis: { primary: test/acc, comparisons: [[vanilla, smart]], min_effect: 0.01 }", ":21:", "analysis.primary must be split/metric")]
    [InlineData("analysis: { primary: test/accuracy, comparisons: [[vanilla, smrt]], min_effect: 0.01 }", ":21:", "no stage 'smrt'")]
    [InlineData("analysis: { primary: test/accuracy, comparisons: [[vanilla, vanilla]], min_effect: 0.01 }", ":21:", "compares a stage with itself")]
    [InlineData("analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]] }", ":21:", "needs 'min_effect'")]
    [InlineData("analysis: { primary: test/accuracy, comparisons: [[pre, smart]], min_effect: 0.01 }", ":21:", "'pre' is a pretrain stage")]
    public void AnalysisMistakesAreReportedWhereTheyAre(string analysis, string line, string message)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(analysis));
        var problems = new List<Diagnostic>();
        RecipeReader.ReadRecorded(path, problems);
        var problem = Assert.Single(problems, p => p.Message.Contains("analysis", StringComparison.Ordinal));
        Assert.Contains(line, problem.Location);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void TheResolvedRecipeKeepsTheAnalysis()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("analysis: { primary: dev/f1, comparisons: [[vanilla, smart]], min_effect: 0.02, alpha: 0.01 }"));
        var problems = new List<Diagnostic>();
        var spec = RecipeReader.ReadRecorded(path, problems).Analysis!;
        var again = temp.Write("again.yaml", "name: x\nversion: 1.0.0\nstages: { vanilla: { kind: finetune }, smart: { kind: finetune } }\n" +
            new YamlDotNet.RepresentationModel.YamlStream(new YamlDotNet.RepresentationModel.YamlDocument(
                new YamlDotNet.RepresentationModel.YamlMappingNode { { "analysis", spec.ToYaml() } })).ToText());
        var reread = RecipeReader.ReadRecorded(again, []).Analysis!;
        Assert.Equal((spec.Primary, spec.MinEffect, spec.Alpha), (reread.Primary, reread.MinEffect, reread.Alpha));
        Assert.Equal(spec.Comparisons, reread.Comparisons);
    }

    /// <summary>A recipe with a pretrain stage and two fine-tune arms; the analysis line is line 21.</summary>
    internal static string Recipe(string analysis) => $"""
        name: tiny
        version: 1.0.0
        seed: 1
        tokenizer: {"{"} type: words, vocabulary_from: pre {"}"}
        model:
          plugin: bert-encoder
        stages:
          pre:
            kind: pretrain
            task: synthetic-corpus
            steps: 5
          vanilla:
            kind: finetune
            from: pre
            task: synthetic-acceptability
          smart:
            kind: finetune
            from: pre
            task: synthetic-acceptability

        {analysis}
        """;

    internal static GroupFile Group(params (string Stage, double[] Test)[] arms)
    {
        var seeds = Enumerable.Range(1, arms[0].Test.Length).Select(s => (long)s).ToList();
        var metrics = new SortedDictionary<string, GroupMetric>(StringComparer.Ordinal);
        foreach (var (stage, test) in arms)
            foreach (var (split, values) in new[] { ("test", test), ("dev", test.Select(v => v - 0.01).ToArray()) })
                metrics[$"{stage}/{split}/accuracy"] = new GroupMetric(
                    seeds.ToDictionary(s => s.ToString(CultureInfo.InvariantCulture), s => values[(int)s - 1]), values.Average(), 0, null);
        return new GroupFile(1, "tiny@1.0.0", "tiny.yaml", seeds, seeds.ToDictionary(s => s.ToString(CultureInfo.InvariantCulture), s => $"../seed{s}"), metrics);
    }

    internal static void WriteGroup(TempDirectory temp, string recipe, params (string Stage, double[] Test)[] arms) => WriteGroupIn(temp, "", recipe, arms);

    /// <summary>A group at <c>folder/g</c> whose runs (<c>folder/seedN</c>) each record <paramref name="recipe"/>.</summary>
    internal static void WriteGroupIn(TempDirectory temp, string folder, string recipe, params (string Stage, double[] Test)[] arms)
    {
        var group = Group(arms);
        Directory.CreateDirectory(Path.Combine(temp.Path, folder, "g"));
        Json.Write(Path.Combine(temp.Path, folder, "g", GroupFile.FileName), group);
        foreach (var seed in group.Seeds)
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, folder, $"seed{seed}"));
            temp.Write(Path.Combine(folder, $"seed{seed}", "recipe.yaml"), recipe);
        }
    }
}

internal static class YamlText
{
    public static string ToText(this YamlDotNet.RepresentationModel.YamlStream stream)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        return writer.ToString().TrimEnd('.', '\n', '\r') + "\n";
    }
}
