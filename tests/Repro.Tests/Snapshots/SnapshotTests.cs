using Repro.Testing;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The shipped recipes reproduce their committed snapshots, each in one line.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SnapshotTests
{
    [Fact]
    public void TinyTransferReproducesItsSnapshot() =>
        RecipeSnapshot.Verify(Path.Combine(Paths.Recipes, "tiny-transfer.yaml"), Paths.BuiltInPlugins);

    [Fact]
    public void AMismatchThrowsWithTheTable()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var noSnapshot = Assert.Throws<SnapshotMismatchException>(() => RecipeSnapshot.Verify(recipe, Paths.BuiltInPlugins));
        Assert.Contains("no snapshot yet", noSnapshot.Message);
        File.Move(Path.Combine(temp.Path, "tiny.received.json"), Path.Combine(temp.Path, "tiny.verified.json"));
        RecipeSnapshot.Verify(recipe, Paths.BuiltInPlugins);

        var verified = Path.Combine(temp.Path, "tiny.verified.json");
        File.WriteAllText(verified, File.ReadAllText(verified).Replace("\"version\": \"1.0.0\"", "\"version\": \"0.9.0\""));
        var changed = Assert.Throws<SnapshotMismatchException>(() => RecipeSnapshot.Verify(recipe, Paths.BuiltInPlugins));
        Assert.Contains("changed: recipe version: 0.9.0 → 1.0.0", changed.Message);
        Assert.Contains("stage/split/metric", changed.Message);
    }
}
