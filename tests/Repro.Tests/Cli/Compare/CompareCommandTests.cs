using System.Globalization;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro compare` through the real tool, on hand-written group.json files.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class CompareCommandTests
{
    private static readonly double[] Baseline = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73];

    /// <summary>A group.json of seeds 1..n with one value list per metric key.</summary>
    private static string Group(params (string Key, double[] Values)[] metrics)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var seeds = Enumerable.Range(1, metrics[0].Values.Length).ToList();
        var body = string.Join(",\n", metrics.Select(m =>
            $"    \"{m.Key}\": {{ \"seeds\": {{ {string.Join(", ", m.Values.Select((v, i) => $"\"{seeds[i]}\": {N(v)}"))} }}, " +
            $"\"mean\": {N(m.Values.Average())}, \"std\": 0, \"ci95\": null }}"));
        return $$"""
            { "format": 1, "recipe": "tiny@1.0.0", "recipe_path": "tiny.yaml", "seeds": [{{string.Join(",", seeds)}}],
              "runs": { {{string.Join(", ", seeds.Select(s => $"\"{s}\": \"../run-seed{s}\""))}} },
              "metrics": {
            {{body}}
              } }
            """;
    }

    private static double[] Shift(double[] values, double by) => values.Select((v, i) => v + by + 0.002 * i).ToArray();

    [Fact]
    public void AWorseBFailsOnlyWithFailIfWorse()
    {
        using var temp = new TempDirectory();
        var a = temp.Write("a.json", Group(("target/test/accuracy", Baseline), ("target/test/loss", Baseline)));
        var b = temp.Write("b.json", Group(("target/test/accuracy", Shift(Baseline, -0.05)), ("target/test/loss", Shift(Baseline, -0.05))));

        var plain = Cli.Run(temp.Path, "compare", a, b);
        var strict = Cli.Run(temp.Path, "compare", a, b, "--fail-if-worse");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("B worse", plain.Stdout);       // accuracy fell
        Assert.Contains("B better", plain.Stdout);      // loss fell
        Assert.Contains("verdict: B (b.json) is significantly WORSE than A (a.json) on 1 of 2 metric(s): target/test/accuracy", plain.Stdout.Replace(temp.Path + "/", ""));
        Assert.Contains("0.0313", plain.Stdout);        // exact permutation p with 6 pairs: 2/64
        Assert.True(strict.ExitCode == 1, strict.ToString());
    }

    [Fact]
    public void BetterOrEqualPassesFailIfWorse()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "g"));
        var a = temp.Write("g/group.json", Group(("target/test/accuracy", Baseline)));
        var b = temp.Write("b.json", Group(("target/test/accuracy", Shift(Baseline, 0.05))));

        var better = Cli.Run(temp.Path, "compare", "g", b, "--fail-if-worse");
        var same = Cli.Run(temp.Path, "compare", a, a, "--fail-if-worse", "--metric", "target/*/accuracy");

        Assert.True(better.ExitCode == 0, better.ToString());
        Assert.Contains("is significantly better than A", better.Stdout);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("verdict: no significant difference", same.Stdout);
    }

    [Fact]
    public void StagesOfOneGroupArePairedBySeed()
    {
        using var temp = new TempDirectory();
        var g = temp.Write("g.json", Group(("scratch/test/accuracy", Baseline), ("target/test/accuracy", Shift(Baseline, 0.1)), ("target/dev/accuracy", Baseline)));

        var result = Cli.Run(temp.Path, "compare", g, "--stages", "scratch,target", "--fail-if-worse", "--markdown", "cmp.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test/accuracy", result.Stdout);
        var markdown = File.ReadAllText(Path.Combine(temp.Path, "cmp.md"));
        Assert.Contains("A (baseline): `scratch` · B: `target` · paired seeds: 1, 2, 3, 4, 5, 6", markdown);
        Assert.Contains("| test/accuracy | 6 | 0.7083 | 0.8133 | +0.1050 | [", markdown);
        Assert.Contains("| 0.0313 | +0.98 | **B better** |", markdown);   // r: the arms share most of their noise
        Assert.Contains("Verdict: B (target) is significantly better than A (scratch) on 1 of 1 metric(s): test/accuracy", markdown);
        Assert.Contains("![target − scratch over 6 paired seed(s): dot = mean difference, bar = 95% CI;", markdown);
        Assert.True(new FileInfo(Path.Combine(temp.Path, "cmp.png")).Length > 1000);
        Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(temp.Path, "cmp.svg")));
        Assert.Contains("B (target) is significantly better than A (scratch) on 1 of 1 metric(s): test/accuracy", result.Stdout);
        Assert.Contains("not compared: target/dev/accuracy (no scratch/dev/accuracy)", result.Stdout);
    }

    [Fact]
    public void UnpairedSeedsAreNotedAndFewSeedsCautioned()
    {
        using var temp = new TempDirectory();
        var a = temp.Write("a.json", Group(("t/test/accuracy", Baseline[..4])));
        var b = temp.Write("b.json", Group(("t/test/accuracy", Baseline[..3])));

        var result = Cli.Run(temp.Path, "compare", a, b);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("paired seeds: 1,2,3", result.Stdout);
        Assert.Contains("only in A 4; only in B none", result.Stdout);
        Assert.Contains("no difference can be significant; run at least 6 seeds", result.Stdout);
    }

    [Fact]
    public void BadInputExitsTwo()
    {
        using var temp = new TempDirectory();
        var a = temp.Write("a.json", Group(("t/test/accuracy", Baseline)));
        var other = temp.Write("other.json", """
            { "format": 1, "recipe": "tiny@1.0.0", "recipe_path": "tiny.yaml", "seeds": [7], "runs": { "7": "../run-seed7" },
              "metrics": { "t/test/accuracy": { "seeds": { "7": 0.7 }, "mean": 0.7, "std": 0, "ci95": null } } }
            """);

        var oneGroup = Cli.Run(temp.Path, "compare", a);
        var missing = Cli.Run(temp.Path, "compare", a, "nope.json");
        var noSeeds = Cli.Run(temp.Path, "compare", a, other);
        var badAlpha = Cli.Run(temp.Path, "compare", a, a, "--alpha", "1.5");
        var unknownOption = Cli.Run(temp.Path, "compare", a, a, "--bogus");

        Assert.True(oneGroup.ExitCode == 2, oneGroup.ToString());
        Assert.Contains("give two groups", oneGroup.Stderr);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("nope.json does not exist", missing.Stderr);
        Assert.True(noSeeds.ExitCode == 2, noSeeds.ToString());
        Assert.Contains("share no seed", noSeeds.Stderr);
        Assert.True(badAlpha.ExitCode == 2, badAlpha.ToString());
        Assert.Contains("--alpha", badAlpha.Stderr);
        Assert.Equal(2, unknownOption.ExitCode);
    }
}
