using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro run --seeds` writes a group.json that `repro compare` reads.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class GroupRunTests
{
    [Fact]
    public void SeedsWriteAGroupFile()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "group-*"));
        using var group = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "group.json")));
        var root = group.RootElement;
        Assert.Equal(["format", "recipe", "recipe_path", "seeds", "runs", "metrics"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal("tiny@1.0.0", root.GetProperty("recipe").GetString());
        Assert.Equal([1L, 2L], root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        foreach (var seed in new[] { "1", "2" })
        {
            var run = Path.Combine(folder, root.GetProperty("runs").GetProperty(seed).GetString()!);
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
            Assert.Equal(long.Parse(seed), metrics.RootElement.GetProperty("seed").GetInt64());
            var accuracy = metrics.RootElement.GetProperty("stages").GetProperty("target").GetProperty("test").GetProperty("accuracy").GetDouble();
            Assert.Equal(accuracy, root.GetProperty("metrics").GetProperty("target/test/accuracy").GetProperty("seeds").GetProperty(seed).GetDouble());
        }
        var metric = root.GetProperty("metrics").GetProperty("target/test/accuracy");
        var values = metric.GetProperty("seeds").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
        Assert.Equal(values.Average(), metric.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(Math.Abs(values[0] - values[1]) / Math.Sqrt(2), metric.GetProperty("std").GetDouble(), 12);
        var ci = metric.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(values.Average() - 12.706205 * metric.GetProperty("std").GetDouble() / Math.Sqrt(2), ci[0], 5);
        Assert.Contains("group file:", result.Stdout);
        Assert.Contains("mean ± std", result.Stdout);

        var compare = Cli.Run(temp.Path, "compare", folder, Path.Combine(folder, "group.json"), "--fail-if-worse");
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("verdict: no significant difference", compare.Stdout);
    }

    [Fact]
    public void SeedAndSeedsTogetherAreAUsageError()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--seed", "1", "--seeds", "1..2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--seed", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }
}
