using Repro.Engine;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>How a sweep chooses each stage's configuration: the best mean on dev, ties to the earlier one, test never looked at.</summary>
[Trait("Category", "Unit")]
public sealed class SweepSelectionTests
{
    private static GroupMetric Metric(params double[] seeds)
    {
        var sample = Repro.Engine.Statistics.Sample.Of(seeds);
        return new GroupMetric(seeds.Select((v, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Key, p => p.v),
            sample.Mean, sample.Std, sample.Ci95 is { } ci ? [ci.Low, ci.High] : null);
    }

    private static GroupFile Group(params (string Key, GroupMetric Metric)[] metrics) =>
        new(GroupFile.CurrentFormat, "r@1.0.0", "/r.yaml", [1, 2], new Dictionary<string, string> { ["1"] = "../../run1", ["2"] = "../../run2" },
            new SortedDictionary<string, GroupMetric>(metrics.ToDictionary(m => m.Key, m => m.Metric), StringComparer.Ordinal));

    private static string Sweep(TempDirectory temp, string metric, params GroupFile[] groups)
    {
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "sweep")).FullName;
        var configurations = groups.Select((_, i) => new SweepConfiguration($"c{i + 1}", [$"stages.a.optimizer.lr={i + 1}"])).ToList();
        new SweepPlan("r@1.0.0", "/r.yaml", metric, [new SweepAxis("stages.a.optimizer.lr", [.. configurations.Select((_, i) => $"{i + 1}")], "here")], configurations).Write(folder);
        for (var i = 0; i < groups.Length; i++)
            Json.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, $"c{i + 1}")).FullName, GroupFile.FileName), groups[i]);
        return folder;
    }

    [Fact]
    public void EachStageTakesTheConfigurationWithTheBestDevMeanAndItsTestWhateverTheOthersTestWas()
    {
        using var temp = new TempDirectory();
        var folder = Sweep(temp, "dev/accuracy",
            Group(("a/dev/accuracy", Metric(0.60, 0.62)), ("a/test/accuracy", Metric(0.90, 0.92)), ("b/dev/accuracy", Metric(0.5, 0.5)), ("b/test/accuracy", Metric(0.7, 0.7)),
                ("p/dev/loss", Metric(3, 3)), ("q/dev/loss", Metric(3, 3))),
            Group(("a/dev/accuracy", Metric(0.70, 0.72)), ("a/test/accuracy", Metric(0.50, 0.52)), ("b/dev/accuracy", Metric(0.5, 0.5)), ("b/test/accuracy", Metric(0.6, 0.6)),
                ("p/dev/loss", Metric(3, 3)), ("q/dev/loss", Metric(4, 4))));

        var group = GroupFile.Read(SweepSelection.Finish(folder));

        // a: chosen on dev (0.71 > 0.61), so its test is the worse 0.51; b: a tie on dev goes to c1
        Assert.Equal(("c2", "c1"), (group.Sweep!.Selected["a"], group.Sweep.Selected["b"]));
        Assert.Equal(0.51, group.Metrics["a/test/accuracy"].Mean, 12);
        Assert.Equal(0.7, group.Metrics["b/test/accuracy"].Mean, 12);
        // p has no dev accuracy but is the same everywhere: kept; q differs: left out and named
        Assert.Equal("c1", group.Sweep.Selected["p"]);
        Assert.Equal(["q"], group.Sweep.Unselected);
        Assert.False(group.Metrics.ContainsKey("q/dev/loss"));
        Assert.Equal(0.61, group.Sweep.Configurations[0].Selection["a"], 12);
        Assert.Equal("../run1", group.Sweep.Configurations[1].Runs["1"]);
    }

    [Fact]
    public void ALossIsChosenLowestAndAnUnfinishedConfigurationIsNamed()
    {
        using var temp = new TempDirectory();
        var folder = Sweep(temp, "dev/loss", Group(("a/dev/loss", Metric(0.4, 0.4))), Group(("a/dev/loss", Metric(0.3, 0.3))), Group(("a/dev/loss", Metric(0.5, 0.5))));

        Assert.Equal("c2", GroupFile.Read(SweepSelection.Finish(folder)).Sweep!.Selected["a"]);

        File.Delete(Path.Combine(folder, "c3", GroupFile.FileName));
        var error = Assert.Throws<ReproException>(() => SweepSelection.Finish(folder));
        Assert.Contains("c3 (lr=3)", error.Message);
        Assert.Contains("repro run --resume", error.Message);
    }
}
