using System.Text.Json;
using Repro.Engine;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Sweeps: <c>sweep:</c> and <c>--grid</c>, every configuration checked first, each stage's configuration chosen on dev.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SweepTests
{
    private static readonly string Other = TinyRecipes.Target.Replace("  target:", "  other:");

    private const string Analysis = """
        analysis:
          primary: test/accuracy
          comparisons: [[target, other]]
          min_effect: 0.05
        """;

    private static string Recipe(string sweep, string analysis = Analysis, string? other = null) =>
        TinyRecipes.TwoStage(extraStages: other ?? Other) + "\n" + analysis + "\n" + sweep + "\n";

    private const string LrSweep = """
        sweep:
          stages.other.optimizer.lr: [1.0e-3, 1.0e-2]
        """;

    private static string SweepFolder(string runs) => Assert.Single(Directory.GetDirectories(Path.Combine(runs, "tiny@1.0.0"), "sweep-*"));

    private static Dictionary<(string Configuration, string Seed), string> MetricsOf(string sweep)
    {
        using var group = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "group.json")));
        return group.RootElement.GetProperty("sweep").GetProperty("configurations").EnumerateArray()
            .SelectMany(c => c.GetProperty("runs").EnumerateObject().Select(r => (c.GetProperty("name").GetString()!, r.Name, r.Value.GetString()!)))
            .ToDictionary(r => (r.Item1, r.Name), r => File.ReadAllText(Path.Combine(sweep, r.Item3, "metrics.json")));
    }

    [Fact]
    public void TheConfigurationsAreTheGridWithTheFirstAxisSlowest()
    {
        var sweep = new SweepSpec([new SweepAxis("stages.a.optimizer.lr", ["1e-4", "3e-4"], "here"), new SweepAxis("stages.a.epochs", ["1", "2", "3"], "here")]);

        var configurations = sweep.Configurations();

        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6"], configurations.Select(c => c.Name));
        Assert.Equal(["stages.a.optimizer.lr=1e-4", "stages.a.epochs=3"], configurations[2].Set);
        Assert.Equal(["stages.a.optimizer.lr=3e-4", "stages.a.epochs=1"], configurations[3].Set);
        Assert.Equal("lr=3e-4, epochs=1", configurations[3].Label);
        // Two axes that end alike keep as much of their paths as tells them apart.
        Assert.Equal("vanilla.optimizer.lr=1e-4, probe.optimizer.lr=1e-3, rank=4",
            new SweepConfiguration("c1", ["stages.vanilla.optimizer.lr=1e-4", "stages.probe.optimizer.lr=1e-3", "stages.lora.lora.rank=4"]).Label);
    }

    [Fact]
    public void AGridReplacesTheDeclaredAxisOfItsPathAndAddsOthers()
    {
        var declared = new SweepSpec([new SweepAxis("stages.a.optimizer.lr", ["1e-4", "3e-4"], "recipe.yaml:9:3")]);

        var sweep = SweepSpec.WithGrid(declared, ["stages.a.optimizer.lr=1e-5, 2e-5, 5e-5", "stages.a.epochs=2,4"])!;

        Assert.Equal([("stages.a.optimizer.lr", 3), ("stages.a.epochs", 2)], sweep.Axes.Select(a => (a.Path, a.Values.Count)));
        Assert.Equal(["1e-5", "2e-5", "5e-5"], sweep.Axes[0].Values);
        Assert.Equal(6, sweep.Configurations().Count);
        Assert.Null(SweepSpec.WithGrid(null, []));
        Assert.Contains("expected path=v1,v2", Assert.Throws<ReproException>(() => SweepSpec.WithGrid(null, ["stages.a.lr"])).Message);
        Assert.Contains("expected path=v1,v2", Assert.Throws<ReproException>(() => SweepSpec.WithGrid(null, ["stages.a.lr=1,,2"])).Message);
        Assert.Contains("cannot vary 'seeds'", Assert.Throws<ReproException>(() => SweepSpec.WithGrid(null, ["seeds=1,2"])).Message);
        Assert.Contains("lists a value twice", Assert.Throws<ReproException>(() => SweepSpec.WithGrid(null, ["stages.a.lr=1,1"])).Message);
        var large = Enumerable.Range(0, 3).Select(i => $"stages.a.p{i}=" + string.Join(",", Enumerable.Range(0, 5))).ToArray();
        Assert.Contains("125 configurations; at most 100", Assert.Throws<ReproException>(() => SweepSpec.WithGrid(null, large)).Message);
    }

    [Theory]
    [InlineData("sweep:\n  stages.other.optimizer.lr: 1.0e-3\n", 1, "must be a list of values")]
    [InlineData("sweep:\n  seeds: [1, 2]\n", 1, "cannot vary 'seeds'")]
    [InlineData("sweep: [1, 2]\n", 0, "is a mapping of recipe paths")]
    [InlineData("sweep:\n  stages.other.optimizer.lr: [{ a: 1 }]\n", 1, "must be a list of values")]
    public void AMalformedSweepIsReportedAtItsLine(string sweep, int linesBelowSweep, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe(sweep));
        var line = Array.FindIndex(File.ReadAllLines(recipe), l => l.StartsWith("sweep:", StringComparison.Ordinal)) + 1 + linesBelowSweep;

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"tiny.yaml:{line}:", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Fact]
    public void ASweepNeedsADeclaredAnalysisAndDevMetricsForTheComparedStages()
    {
        using var temp = new TempDirectory();
        var noAnalysis = temp.Write("none.yaml", Recipe(LrSweep, analysis: ""));
        var noDev = temp.Write("nodev.yaml", Recipe(LrSweep, other: Other + "\n    eval: { splits: [test] }"));
        Assert.Contains("eval: { splits: [test] }", File.ReadAllText(noDev));

        var first = Cli.Run(temp.Path, "run", noAnalysis, "--out", "runs");
        var second = Cli.Run(temp.Path, "run", noDev, "--out", "runs");
        var grid = Cli.Run(temp.Path, "run", temp.Write("plain.yaml", TinyRecipes.TwoStage()), "--grid", "stages.target.optimizer.lr=1e-3,1e-2", "--out", "runs");

        Assert.True(first.ExitCode == 2 && first.Stderr.Contains("declare analysis:"), first.ToString());
        Assert.True(second.ExitCode == 2 && second.Stderr.Contains("stage 'other' is not evaluated on dev"), second.ToString());
        Assert.True(grid.ExitCode == 2 && grid.Stderr.Contains("declares no analysis"), grid.ToString());
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Fact]
    public void EveryConfigurationIsCheckedBeforeAnythingIsWrittenAndProblemsNameTheAxis()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe("sweep:\n  stages.other.optimizer.lr: [1.0e-3, 11]\n"));

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs");
        var grid = Cli.Run(temp.Path, "run", recipe, "--grid", "stages.other.optimizer.lrx=1,2", "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Array.FindIndex(File.ReadAllLines(recipe), l => l.StartsWith("sweep:", StringComparison.Ordinal)) + 2;
        Assert.Contains($"tiny.yaml:{line}:3 (stages.other.optimizer.lr: 11): sweep configuration c2: stages.other.optimizer.lr must be between", result.Stderr);
        Assert.DoesNotMatch(@"configurations? [^:]*\bc1\b", result.Stderr);   // the valid configuration is not named (the temporary path may hold "c1")
        Assert.True(grid.ExitCode == 2, grid.ToString());
        Assert.Contains("--grid stages.other.optimizer.lrx=1,2 (stages.other.optimizer.lrx: 2): sweep configurations c2, c4: unknown key 'lrx'", grid.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Fact]
    public void ASweepRunsEveryConfigurationAndSeedSharesWhatNoAxisTouchesAndReportsTheChosenConfiguration()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe(LrSweep));

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--cache", "cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sweep = SweepFolder(Path.Combine(temp.Path, "runs"));
        Assert.Contains("configurations chosen per stage on mean dev/accuracy", result.Stdout);
        var group = GroupFile.Read(Path.Combine(sweep, "group.json"));
        Assert.NotNull(group.Sweep);
        Assert.Equal(["c1", "c2"], group.Sweep.Configurations.Select(c => c.Name));
        Assert.Equal(["stages.other.optimizer.lr=1.0e-2"], group.Sweep.Configurations[1].Set);
        // each configuration is a group of its own; the sweep's metrics of a stage are those of the configuration chosen for it
        var configurations = group.Sweep.Configurations.ToDictionary(c => c.Name, c => GroupFile.Read(Path.Combine(sweep, c.Group, "group.json")));
        foreach (var stage in new[] { "pretrain", "target", "other" })
        {
            var chosen = configurations[group.Sweep.Selected[stage]];
            var means = group.Sweep.Configurations.Select(c => configurations[c.Name].Metrics[$"{stage}/dev/accuracy"].Mean).ToList();
            Assert.Equal(means.Max(), chosen.Metrics[$"{stage}/dev/accuracy"].Mean);
            Assert.Equal(group.Sweep.Configurations.First(c => configurations[c.Name].Metrics[$"{stage}/dev/accuracy"].Mean == means.Max()).Name, group.Sweep.Selected[stage]);
            foreach (var key in chosen.Metrics.Keys.Where(k => k.StartsWith(stage + "/", StringComparison.Ordinal)))
                Assert.Equal(JsonSerializer.Serialize(chosen.Metrics[key]), JsonSerializer.Serialize(group.Metrics[key]));
        }
        // no axis touches pretrain and target: the second configuration takes them from the cache, bitwise the same
        Assert.Equal(JsonSerializer.Serialize(configurations["c1"].Metrics["target/test/accuracy"]), JsonSerializer.Serialize(configurations["c2"].Metrics["target/test/accuracy"]));
        foreach (var run in group.Sweep.Configurations[1].Runs.Values)
        {
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, run, "manifest.json"))).RootElement.GetProperty("stages");
            Assert.Equal(("cache", "cache", "computed"), (manifest.GetProperty("pretrain").GetProperty("source").GetString(),
                manifest.GetProperty("target").GetProperty("source").GetString(), manifest.GetProperty("other").GetProperty("source").GetString()));
            Assert.Contains("lr: 0.01", File.ReadAllText(Path.Combine(sweep, run, "recipe.yaml")).Replace("1.0e-2", "0.01"));
        }

        var compare = Cli.Run(temp.Path, "compare", sweep, "--markdown", "analysis.md");
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("configurations chosen per stage", compare.Stdout);
        Assert.Contains("target → other", compare.Stdout);
        Assert.Contains("| c2 | stages.other.optimizer.lr=1.0e-2 |", File.ReadAllText(Path.Combine(temp.Path, "analysis.md")));
        var report = Cli.Run(temp.Path, "report", sweep);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("## Sweep", File.ReadAllText(Path.Combine(sweep, "report", "report.md")));
    }

    [Fact]
    public void ASweepWithTwoJobsAndAResumedSweepGiveTheSameMetrics()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe(LrSweep));
        var one = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "one", "--cache", "cache-one");
        var two = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "two", "--cache", "cache-two", "--jobs", "2");
        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one + "\n" + two);
        Assert.Contains("[c2 seed 1] ", two.Stdout);
        var sequential = MetricsOf(SweepFolder(Path.Combine(temp.Path, "one")));
        Assert.Equal(4, sequential.Count);
        Assert.Equal(sequential, MetricsOf(SweepFolder(Path.Combine(temp.Path, "two"))));

        // the second configuration's seed 2 as if it had never run
        var sweep = SweepFolder(Path.Combine(temp.Path, "one"));
        var selected = File.ReadAllText(Path.Combine(sweep, "group.json"));
        foreach (var file in new[] { "group.json", "c2/group.json", "c2/seeds/2.json" }) File.Delete(Path.Combine(sweep, file));
        var status = Cli.Run(temp.Path, "status", sweep);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("1 of 2 configurations finished; selection not written yet", status.Stdout);
        Assert.Contains("1 finished, 1 pending", status.Stdout);
        Assert.Equal(2, Cli.Run(temp.Path, "compare", sweep).ExitCode);

        var resumed = Cli.Run(temp.Path, "run", "--resume", sweep);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("c1 (lr=1.0e-3): finished; kept", resumed.Stdout);
        Assert.Contains("[c2 seed 2]", resumed.Stdout);
        Assert.DoesNotContain("seed 1]", resumed.Stdout);
        var again = MetricsOf(sweep);
        Assert.Equal(sequential.Values.Order(), again.Values.Order());
        Assert.Equal(JsonDocument.Parse(selected).RootElement.GetProperty("metrics").ToString(), JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "group.json"))).RootElement.GetProperty("metrics").ToString());
    }
}
