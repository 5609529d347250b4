using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro run --seeds ... --jobs N` runs seeds as child processes with the same results; `repro status` and `--resume GROUP`.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ParallelGroupTests
{
    // pretraining pinned to seed 0: every run seed shares it through the cache
    private static string Pinned() => TinyRecipes.TwoStage().Replace("    kind: pretrain\n", "    kind: pretrain\n    seed: 0\n");

    private static string GroupFolder(string runs) => Assert.Single(Directory.GetDirectories(Path.Combine(runs, "tiny@1.0.0"), "group-*"));

    private static Dictionary<string, string> MetricsBySeed(string group)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(group, "group.json")));
        return file.RootElement.GetProperty("runs").EnumerateObject()
            .ToDictionary(r => r.Name, r => File.ReadAllText(Path.Combine(group, r.Value.GetString()!, "metrics.json")));
    }

    [Fact]
    public void TwoJobsGiveBitwiseTheMetricsOfOne()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Pinned());
        Assert.Contains("seed: 0", File.ReadAllText(recipe));

        var one = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "one", "--cache", "cache-one");
        var two = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "two", "--cache", "cache-two", "--jobs", "2");

        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one + "\n" + two);
        var sequential = MetricsBySeed(GroupFolder(Path.Combine(temp.Path, "one")));
        var parallel = MetricsBySeed(GroupFolder(Path.Combine(temp.Path, "two")));
        Assert.Equal(["1", "2"], parallel.Keys.Order());
        Assert.Equal(sequential, parallel);
        Assert.Contains("[seed 1] ", two.Stdout);
        Assert.Contains("[seed 2] ", two.Stdout);
        // the pretraining stage has a pinned seed: one child computed it, the other reused it (after waiting, or later)
        var sources = Directory.GetFiles(Path.Combine(temp.Path, "two"), "manifest.json", SearchOption.AllDirectories)
            .Select(m => JsonDocument.Parse(File.ReadAllText(m)).RootElement.GetProperty("stages").GetProperty("pretrain").GetProperty("source").GetString())
            .Order().ToList();
        Assert.Equal(["cache", "computed"], sources);
    }

    [Fact]
    public void ResumingAGroupRunsOnlyTheSeedsThatDidNotFinish()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var first = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--cache", "cache");
        Assert.True(first.ExitCode == 0, first.ToString());
        var group = GroupFolder(Path.Combine(temp.Path, "runs"));
        var before = MetricsBySeed(group);
        var seed1 = Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories).Single(m => m.Contains("seed1"));
        var seed1Written = File.GetLastWriteTimeUtc(seed1);
        // seed 2 as if it had never started: no record, no group.json
        File.Delete(Path.Combine(group, "seeds", "2.json"));
        File.Delete(Path.Combine(group, "group.json"));

        var status = Cli.Run(temp.Path, "status", group);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("finished", status.Stdout);
        Assert.Contains("pending", status.Stdout);
        Assert.Contains("1 finished, 1 pending", status.Stdout);

        var resumed = Cli.Run(temp.Path, "run", "--resume", group);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("seed 1: finished", resumed.Stdout);
        Assert.DoesNotContain("[seed 1]", resumed.Stdout);
        Assert.Contains("[seed 2]", resumed.Stdout);
        Assert.Equal(seed1Written, File.GetLastWriteTimeUtc(seed1));
        Assert.Equal(before["1"], MetricsBySeed(group)["1"]);
        Assert.Equal(before["2"], MetricsBySeed(group)["2"]);
        Assert.Contains("2 finished", Cli.Run(temp.Path, "status", group).Stdout);
    }

    [Fact]
    public void StatusNamesAnUnfinishedRunAsFailed()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs").ExitCode);
        var group = GroupFolder(Path.Combine(temp.Path, "runs"));
        var run = Path.GetDirectoryName(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories).Single(m => m.Contains("seed2")))!;
        File.WriteAllText(Path.Combine(run, "INCOMPLETE"), "");

        var status = Cli.Run(temp.Path, "status", group);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("1 finished, 1 failed", status.Stdout);
        Assert.Contains("stopped before finishing", status.Stdout);
    }

    [Fact]
    public void BadExecutorOptionsAreUsageErrorsThatWriteNothing()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var executor = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--executor", "cloud");
        var jobs = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--jobs", "0");
        var single = Cli.Run(temp.Path, "run", recipe, "--seed", "1", "--jobs", "2");
        var notGroup = Cli.Run(temp.Path, "status", temp.Path);

        Assert.True(executor.ExitCode == 2 && executor.Stderr.Contains("--executor"), executor.ToString());
        Assert.True(jobs.ExitCode == 2 && jobs.Stderr.Contains("--jobs"), jobs.ToString());
        Assert.True(single.ExitCode == 2 && single.Stderr.Contains("--jobs"), single.ToString());
        Assert.True(notGroup.ExitCode == 2 && notGroup.Stderr.Contains("not a group folder"), notGroup.ToString());
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }
}
