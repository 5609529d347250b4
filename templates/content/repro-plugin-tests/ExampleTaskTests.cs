using Acme.Plugin;
using Repro.Contracts;
using Repro.Testing;

namespace Acme.Tasks.Tests;

public sealed class ExampleTaskTests
{
    private static readonly string Plugin = typeof(ExampleTaskPlugin).Assembly.Location;
    private static readonly string Recipe = Path.Combine(AppContext.BaseDirectory, "recipe.yaml");

    [Fact]
    public void TheSameDataSeedGivesTheSameData()
    {
        var context = new TaskContext(AppContext.BaseDirectory, DataSeed: 7);

        var first = new ExampleTaskPlugin().Load(new ExampleTaskParameters(), context);
        var again = new ExampleTaskPlugin().Load(new ExampleTaskParameters(), context);

        Assert.Equal(TaskFingerprint.Compute(first), TaskFingerprint.Compute(again));
        Assert.Equal(["train", "dev"], first.Splits);
    }

    [Fact]
    public void TheExampleRecipeRunsAndRepeatsItsMetrics()
    {
        var first = RecipeSnapshot.Run(Recipe, Plugin);
        var again = RecipeSnapshot.Run(Recipe, Plugin);

        Assert.InRange(first["target/dev/accuracy"], 0, 1);
        Assert.Equal(first, again);
    }
}
