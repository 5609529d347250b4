using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>seed: { nested: K }</c>: a stage with K seeds of its own, each shared by every K-th run seed, and compare's analysis
/// that takes the seeds sharing one as a single unit.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class NestedSeedTests
{
    // pretrain nested two ways; target starts from it, scratch does not.
    private static string Recipe() => TinyRecipes.TwoStage(extraStages: TinyRecipes.Target.Replace("  target:", "  scratch:").Replace("    from: pretrain\n", ""))
        .Replace("seed: 7", "seeds: [1, 2, 3, 4]")
        .Replace("    kind: pretrain\n", "    kind: pretrain\n    seed: { nested: 2 }\n");

    private static JsonElement Stage(string run, string stage) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement.GetProperty("stages").GetProperty(stage);

    private static string BodyHash(string run, string stage) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "stages", stage, "done.json"))).RootElement.GetProperty("body_sha256").GetString()!;

    [Fact]
    public void EachNestedSeedIsTrainedOnceAndCompareCountsItsClustersAsUnits()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("nested.yaml", Recipe());

        var run = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..4", "--out", "runs", "--cache", "cache");

        Assert.True(run.ExitCode == 0, run.ToString());
        var group = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "group-*").Single();
        var runs = Enumerable.Range(1, 4).ToDictionary(s => s, s => Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), $"*-seed{s}").Single());
        // Run seeds 1 and 3 share pretrain seed 1, 2 and 4 pretrain seed 2: computed once each, then taken from the cache.
        Assert.Equal(["computed", "computed", "cache", "cache"], runs.Values.Select(r => Stage(r, "pretrain").GetProperty("source").GetString()));
        Assert.Equal(BodyHash(runs[1], "pretrain"), BodyHash(runs[3], "pretrain"));
        Assert.Equal(BodyHash(runs[2], "pretrain"), BodyHash(runs[4], "pretrain"));
        Assert.NotEqual(BodyHash(runs[1], "pretrain"), BodyHash(runs[2], "pretrain"));
        Assert.NotEqual(BodyHash(runs[1], "target"), BodyHash(runs[3], "target"));
        Assert.Equal([1, 2, 1, 2], runs.Values.Select(r => Stage(r, "target").GetProperty("nested_seeds").GetProperty("pretrain").GetInt64()));
        Assert.False(Stage(runs[1], "scratch").TryGetProperty("nested_seeds", out _));
        Assert.Contains("nested: 2", File.ReadAllText(Path.Combine(runs[3], "recipe.yaml")));

        var compare = Cli.Run(temp.Path, "compare", group, "--stages", "scratch,target");
        var unclustered = Cli.Run(temp.Path, "compare", group, "--stages", "scratch,pretrain", "--metric", "*/perplexity");

        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("4 in 2", compare.Stdout);
        Assert.Contains("over 2 cluster means, {1, 3} {2, 4}", compare.Stdout.ReplaceLineEndings(" "));
        Assert.Contains("smallest possible permutation p-value is 0.5", compare.Stdout.ReplaceLineEndings(" "));
        Assert.DoesNotContain("cluster", unclustered.Stdout + unclustered.Stderr);
    }

    [Theory]
    [InlineData("{ nested: 1 }", "stages.pretrain.seed.nested")]
    [InlineData("{ nested: 2, every: 3 }", "every")]
    [InlineData("{ count: 2 }", "nested")]
    public void ABadNestedSeedIsRefusedAtItsLine(string seed, string named)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("nested.yaml", Recipe().Replace("seed: { nested: 2 }", $"seed: {seed}"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nested.yaml:", result.Stderr);
        Assert.Contains(named, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }
}
