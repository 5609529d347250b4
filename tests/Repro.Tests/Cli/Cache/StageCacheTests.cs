using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Finished stages are reused by content key, across runs and recipes, and never when damaged.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class StageCacheTests
{
    private static JsonElement Manifest(string runs) =>
        JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(runs, "manifest.json", SearchOption.AllDirectories).Single())).RootElement;

    private static string Metrics(string runs) => File.ReadAllText(Directory.GetFiles(runs, "metrics.json", SearchOption.AllDirectories).Single());

    private static string Source(string runs, string stage) =>
        Manifest(runs).GetProperty("stages").GetProperty(stage).GetProperty("source").GetString()!;

    [Fact]
    public void ASecondRunReusesEveryStageAndGivesTheSameMetrics()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var first = Cli.Run(temp.Path, "run", recipe, "--out", "first", "--cache", "cache");
        var second = Cli.Run(temp.Path, "run", recipe, "--out", "second", "--cache", "cache");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        Assert.Equal("computed", Source(Path.Combine(temp.Path, "first"), "pretrain"));
        Assert.Equal("cache", Source(Path.Combine(temp.Path, "second"), "pretrain"));
        Assert.Equal("cache", Source(Path.Combine(temp.Path, "second"), "target"));
        Assert.Contains("reused from the cache", second.Stdout);
        Assert.Equal(Metrics(Path.Combine(temp.Path, "first")), Metrics(Path.Combine(temp.Path, "second")));
        // One copy of each stage's weights on disk: the computing run, the cache entry and the reusing run share it.
        var key = Manifest(Path.Combine(temp.Path, "first")).GetProperty("stages").GetProperty("pretrain").GetProperty("key").GetString()!;
        Assert.Equal(3, SharedFileTests.Links(Path.Combine(temp.Path, "cache", "stages", key, "body.weights")));
        var listing = Cli.Run(temp.Path, "cache", "ls", "--cache", "cache");
        Assert.Contains("2 entries", listing.Stdout);
        Assert.Contains("tiny@1.0.0", listing.Stdout);
    }

    [Fact]
    public void AnotherRecipeWithTheSamePretrainingReusesItOnly()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var other = temp.Write("other.yaml", TinyRecipes.TwoStage("other").Replace("steps: 10", "steps: 6"));

        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "a", "--cache", "cache").ExitCode);
        var result = Cli.Run(temp.Path, "run", other, "--out", "b", "--cache", "cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("cache", Source(Path.Combine(temp.Path, "b"), "pretrain"));
        Assert.Equal("computed", Source(Path.Combine(temp.Path, "b"), "target"));
        Assert.Contains("tiny@1.0.0, other@1.0.0", Cli.Run(temp.Path, "cache", "ls", "--cache", "cache").Stdout);
    }

    [Fact]
    public void TamperedCachedWeightsAreDetectedAndRecomputed()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "first", "--cache", "cache").ExitCode);
        var key = Manifest(Path.Combine(temp.Path, "first")).GetProperty("stages").GetProperty("pretrain").GetProperty("key").GetString()!;
        var weights = Path.Combine(temp.Path, "cache", "stages", key, "body.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(weights, bytes);

        var second = Cli.Run(temp.Path, "run", recipe, "--out", "second", "--cache", "cache");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"the cache entry {key[..12]} is damaged", second.Stdout);
        Assert.Equal("computed", Source(Path.Combine(temp.Path, "second"), "pretrain"));
        Assert.Equal(Metrics(Path.Combine(temp.Path, "first")), Metrics(Path.Combine(temp.Path, "second")));
        Assert.NotEqual(bytes, File.ReadAllBytes(weights)); // the recomputed entry replaced the damaged one
    }

    [Fact]
    public void NoCacheComputesEverythingAndGcEmptiesTheCache()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "a", "--cache", "cache").ExitCode);

        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "b", "--cache", "cache", "--no-cache").ExitCode);
        Assert.Equal("computed", Source(Path.Combine(temp.Path, "b"), "pretrain"));

        var gc = Cli.Run(temp.Path, "cache", "gc", "--older-than", "0", "--cache", "cache");
        Assert.Contains("removed 2 entries", gc.Stdout);
        Assert.Contains("0 entries", Cli.Run(temp.Path, "cache", "ls", "--cache", "cache").Stdout);
    }
}

/// <summary>Processes sharing a runs folder and a cache.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task TwoRunsAtOnceIntoOneFolderAndCacheBothSucceedWithTheSameResults()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var runs = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--cache", "cache")))
            .ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var directories = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"));
        Assert.Equal(2, directories.Length);
        Assert.All(directories, d => Assert.False(File.Exists(Path.Combine(d, "INCOMPLETE"))));
        Assert.Equal(File.ReadAllText(Path.Combine(directories[0], "metrics.json")), File.ReadAllText(Path.Combine(directories[1], "metrics.json")));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(temp.Path, "cache", "stages")).Length);
        Assert.Empty(Directory.Exists(Path.Combine(temp.Path, "cache", "tmp")) ? Directory.GetDirectories(Path.Combine(temp.Path, "cache", "tmp")) : []);
    }

    [Fact]
    public void ARunDirectoryInUseIsNotResumedTwice()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "runs").ExitCode);
        var run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Single();
        File.WriteAllText(Path.Combine(run, "INCOMPLETE"), "");
        using var held = new FileStream(Path.Combine(run, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var result = Cli.Run(temp.Path, "run", "--resume", run);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("in use by another repro process", result.Stderr);
    }
}
