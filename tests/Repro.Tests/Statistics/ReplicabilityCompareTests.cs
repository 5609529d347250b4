using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>repro compare --replicability</c> over group folders: the table and its Markdown, and groups that cannot form one refused by name.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ReplicabilityCompareTests
{
    private const string Analysis = "analysis: { primary: test/accuracy, comparisons: [[vanilla, smart]], min_effect: 0.01, claims: [{ comparison: [vanilla, smart], gain: 0.02, source: \"Jiang et al. 2020, Table 5\" }] }";

    private static readonly double[] Baseline = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73, 0.68, 0.71];

    private static double[] Shifted(double by) => [.. Baseline.Select((v, i) => v + by + 0.001 * (i % 3))];

    [Fact]
    public void PrintsEachSettingsVerdictAndInHowManyTheGainHolds()
    {
        using var temp = new TempDirectory();
        DeclaredAnalysisTests.WriteGroupIn(temp, "task-a", DeclaredAnalysisTests.Recipe(Analysis), ("vanilla", Baseline), ("smart", Shifted(0.03)));
        DeclaredAnalysisTests.WriteGroupIn(temp, "task-b", DeclaredAnalysisTests.Recipe(Analysis), ("vanilla", Baseline), ("smart", Shifted(0.03)));
        DeclaredAnalysisTests.WriteGroupIn(temp, "task-c", DeclaredAnalysisTests.Recipe(Analysis), ("vanilla", Baseline), ("smart", Shifted(0)));
        // task-b was launched with an override: its label says so.
        new GroupPlan("tiny@1.0.0", "tiny.yaml", [1, 2, 3, 4, 5, 6, 7, 8], "local", 1, "runs", ["model.checkpoint=arctic-xs"], []).Write(Path.Combine(temp.Path, "task-b", "g"));

        var result = Cli.Run(temp.Path, "compare", "--replicability", "task-a/g", "task-b/g", "task-c/g", "--markdown", "replicability.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        var markdown = File.ReadAllText(Path.Combine(temp.Path, "replicability.md"));
        Assert.Contains("| comparison (A → B) | hypothesis | tiny@1.0.0 (task-a/g) | tiny@1.0.0 [model.checkpoint=arctic-xs] | tiny@1.0.0 (task-c/g) | holds in |", markdown);
        var row = markdown.Split('\n').Single(l => l.StartsWith("| vanilla → smart |", StringComparison.Ordinal));
        Assert.Contains("| better (claimed +0.0200) |", row);
        Assert.Equal(2, row.Split("reproduces in this setting").Length - 1);
        Assert.Contains("not reproduced in this setting", row);
        // Each gain's p is the sign-flip test's 2/2⁸ (it binds over the t-test's); Holm over three settings: 3 · 2/256 < 0.05.
        Assert.EndsWith("| ≥ 2 of 3 |", row);
        Assert.Contains("claim, vanilla → smart: Jiang et al. 2020, Table 5", markdown);
        Assert.Contains("partial conjunction", result.Stdout);
    }

    [Fact]
    public void GroupsThatCannotFormATableAreNamed()
    {
        using var temp = new TempDirectory();
        DeclaredAnalysisTests.WriteGroupIn(temp, "a", DeclaredAnalysisTests.Recipe(Analysis), ("vanilla", Baseline), ("smart", Shifted(0.03)));
        DeclaredAnalysisTests.WriteGroupIn(temp, "plain", DeclaredAnalysisTests.Recipe(""), ("vanilla", Baseline), ("smart", Shifted(0.03)));

        var same = Cli.Run(temp.Path, "compare", "--replicability", "a/g", "a/g/group.json");
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("a/g and a/g/group.json are the same group", same.Stderr);

        var undeclared = Cli.Run(temp.Path, "compare", "--replicability", "a/g", "plain/g");
        Assert.Equal(2, undeclared.ExitCode);
        Assert.Contains("plain/g declares no analysis", undeclared.Stderr);

        var stages = Cli.Run(temp.Path, "compare", "--replicability", "a/g", "plain/g", "--stages", "vanilla,smart");
        Assert.Equal(2, stages.ExitCode);
        Assert.Contains("--stages, --metric and --alpha do not apply", stages.Stderr);
        Assert.All([same, undeclared, stages], r => Assert.DoesNotContain("   at ", r.Stderr));
    }
}
