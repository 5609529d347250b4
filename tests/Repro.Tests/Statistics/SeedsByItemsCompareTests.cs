using System.Globalization;
using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>repro compare</c> on a group whose runs recorded per-example predictions: the seeds × test items interval beside the
/// seeds-only one, the declared verdict read from it, and predictions that disagree with their run's metrics refused.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SeedsByItemsCompareTests
{
    private const int Items = 200, Seeds = 8;

    [Fact]
    public void ADifferenceCarriedByTwoTestSentencesIsBetterOverSeedsButInconclusiveOverSeedsAndItems()
    {
        using var temp = new TempDirectory();
        // Every seed: vanilla is right on the first 150 items; smart on those and on items 150 and 151, the same two in
        // every seed. Over seeds the +0.01 has no spread at all; over test items it rests on two sentences.
        WriteGroup(temp, seed => i => i < 150, seed => i => i < 152);

        var result = Cli.Run(temp.Path, "compare", "g", "--markdown", "analysis.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        var markdown = File.ReadAllText(Path.Combine(temp.Path, "analysis.md"));
        Assert.Contains("| 95% CI seeds | 95% CI seeds × items |", markdown);
        var row = markdown.Split('\n').Single(l => l.StartsWith("| vanilla → smart | test/accuracy", StringComparison.Ordinal));
        Assert.Contains("| [+0.0100, +0.0100] | [-0.0", row);   // seeds alone: no spread; seeds × items: reaches below zero
        Assert.Contains("| inconclusive", row);
        Assert.Contains("over seeds crossed with test items", markdown);
    }

    [Fact]
    public void ADifferenceSpreadOverManySentencesStaysBetter()
    {
        using var temp = new TempDirectory();
        // smart is right on 30 more items than vanilla, a different 30 of 100 in each seed: the gain does not hang on a few items.
        WriteGroup(temp, seed => i => i < 100, seed => i => i < 100 || (i * 7 + seed * 13) % 100 < 30);

        var result = Cli.Run(temp.Path, "compare", "g");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("better", result.Stdout);
        Assert.Contains("over seeds crossed with test items", result.Stdout);
    }

    [Fact]
    public void PredictionsThatDisagreeWithTheRunsMetricsAreRefused()
    {
        using var temp = new TempDirectory();
        WriteGroup(temp, seed => i => i < 150, seed => i => i < 152);
        // Seed 3's smart predictions rewritten: one more right answer than its metrics.json says.
        WritePredictions(temp, 3, "smart", i => i < 153);

        var result = Cli.Run(temp.Path, "compare", "g");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine("seed3", "stages", "smart", "predictions", "test.jsonl.gz"), result.Stderr);
        Assert.Contains("the run reported 0.76", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void ADamagedPredictionsFileIsNamed()
    {
        using var temp = new TempDirectory();
        WriteGroup(temp, seed => i => i < 150, seed => i => i < 152);
        var file = Path.Combine(temp.Path, "seed2", "stages", "vanilla", "predictions", "test.jsonl.gz");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);   // cut off mid-stream

        var result = Cli.Run(temp.Path, "compare", "g");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a readable predictions file", result.Stderr);
        Assert.Contains(Path.Combine("seed2", "stages", "vanilla", "predictions", "test.jsonl.gz"), result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    /// <summary>A group of <see cref="Seeds"/> runs with arms vanilla and smart; <paramref name="vanilla"/> and <paramref name="smart"/> say, per seed, which test items each gets right.</summary>
    private static void WriteGroup(TempDirectory temp, Func<long, Func<int, bool>> vanilla, Func<long, Func<int, bool>> smart)
    {
        var seeds = Enumerable.Range(1, Seeds).Select(s => (long)s).ToList();
        var metrics = new SortedDictionary<string, GroupMetric>(StringComparer.Ordinal);
        foreach (var (stage, right) in new[] { ("vanilla", vanilla), ("smart", smart) })
        {
            var values = seeds.ToDictionary(Key, s => Enumerable.Range(0, Items).Count(right(s)) / (double)Items);
            metrics[$"{stage}/test/accuracy"] = new GroupMetric(values, values.Values.Average(), 0, null);
            foreach (var seed in seeds) WritePredictions(temp, seed, stage, right(seed));
        }
        Directory.CreateDirectory(Path.Combine(temp.Path, "g"));
        Json.Write(Path.Combine(temp.Path, "g", GroupFile.FileName),
            new GroupFile(1, "tiny@1.0.0", "tiny.yaml", seeds, seeds.ToDictionary(Key, s => $"../seed{s}"), metrics));
        foreach (var seed in seeds)
            temp.Write($"seed{seed}/recipe.yaml", DeclaredAnalysisTests.Recipe("analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01 }"));
    }

    private static void WritePredictions(TempDirectory temp, long seed, string stage, Func<int, bool> right) =>
        PredictionFile.Write(Path.Combine(temp.Path, $"seed{seed}", "stages", stage, "predictions", "test.jsonl.gz"),
            [.. Enumerable.Range(0, Items).Select(i => $"test-{i}")],
            [.. Enumerable.Range(0, Items).Select(i => new PredictionRow("yes", right(i) ? "yes" : "no"))]);

    private static string Key(long seed) => seed.ToString(CultureInfo.InvariantCulture);
}
