using System.Globalization;
using Repro.Contracts;

namespace Repro.Plugins.Files.Tests;

[Trait("Category", "Unit")]
public class FileRegressionTests
{
    private static FileTask Load(TempFolder dir, FileRegressionParameters p) => (FileTask)new FileRegression().Load(p, dir.Context);

    [Fact]
    public void Targets_are_parsed_with_the_invariant_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            using var dir = new TempFolder();
            dir.Write("train.tsv", "s1\ts2\tscore\na\tb\t3.5\nc\td\t1e-1\ne\tf\t4\n");
            var task = Load(dir, new() { Train = "train.tsv", Dev = "train.tsv", TextColumn = "s1", PairColumn = "s2", LabelColumn = "score" });
            Assert.Equal(TargetKind.Regression, task.Target);
            Assert.Empty(task.Labels);
            Assert.True(task.IsPair);
            Assert.Equal([3.5, 0.1, 4.0], task.Get("train").Select(e => e.Value));
            Assert.All(task.Get("train"), e => Assert.Equal(-1, e.Label));
            Assert.Equal(["pearson", "spearman"], task.Metrics);
        }
        finally { CultureInfo.CurrentCulture = culture; }
    }

    [Fact]
    public void Non_numeric_targets_are_malformed()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", "text,score\na,1.5\nb,\"3,5\"\nc,high\nd,2\n");
        var p = new FileRegressionParameters { Train = "train.csv", Dev = "train.csv", LabelColumn = "score" };
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, p));
        Assert.Contains("train.csv line 3", error.Message);
        Assert.Contains("'3,5' is not a number", error.Message);
        p.SkipMalformed = true;
        var task = Load(dir, p);
        Assert.Equal([1.5, 2.0], task.Get("dev").Select(e => e.Value));
        Assert.Equal(2, task.SkippedBySplit["dev"]);
    }
}
