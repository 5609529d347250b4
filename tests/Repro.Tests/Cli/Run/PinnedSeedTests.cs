using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A stage's <c>seed:</c> pins its random streams: one pretrained model is shared by every run seed.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PinnedSeedTests
{
    private static string BodyHash(string runDirectory, string stage) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "stages", stage, "done.json"))).RootElement.GetProperty("body_sha256").GetString()!;

    private static string[] Runs(string root) =>
        [.. Directory.GetFiles(root, "manifest.json", SearchOption.AllDirectories).Select(Path.GetDirectoryName).OfType<string>().Order()];

    [Fact]
    public void APinnedStageIsIdenticalAcrossRunSeedsAndTakenFromTheCache()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("pinned.yaml", TinyRecipes.TwoStage().Replace("seed: 7", "seeds: [1, 2]")
            .Replace("    kind: pretrain\n", "    kind: pretrain\n    seed: 0\n"));

        var pinned = Cli.Run(temp.Path, "run", recipe, "--out", "pinned", "--cache", "cache");
        var free = Cli.Run(temp.Path, "run", temp.Write("free.yaml", File.ReadAllText(recipe).Replace("    seed: 0\n", "")), "--out", "free", "--no-cache");

        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.True(free.ExitCode == 0, free.ToString());
        var (one, two) = (Runs(Path.Combine(temp.Path, "pinned"))[0], Runs(Path.Combine(temp.Path, "pinned"))[1]);
        Assert.Equal(BodyHash(one, "pretrain"), BodyHash(two, "pretrain"));
        Assert.NotEqual(BodyHash(one, "target"), BodyHash(two, "target"));
        var sources = Runs(Path.Combine(temp.Path, "pinned")).Select(r => JsonDocument.Parse(File.ReadAllText(Path.Combine(r, "manifest.json")))
            .RootElement.GetProperty("stages").GetProperty("pretrain").GetProperty("source").GetString()).ToList();
        Assert.Equal(["cache", "computed"], sources.Order());
        // Without the pin, each run seed pretrains its own model.
        var unpinned = Runs(Path.Combine(temp.Path, "free"));
        Assert.NotEqual(BodyHash(unpinned[0], "pretrain"), BodyHash(unpinned[1], "pretrain"));
        Assert.Contains("seed: 0", File.ReadAllText(Path.Combine(one, "recipe.yaml")));
    }
}
