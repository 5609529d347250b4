using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Tests.Support;
using TorchSharp;

namespace Repro.Tests;

/// <summary>Every step's tensors are disposed: the live count does not grow with the number of steps.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class MemoryTests
{
    private static long LiveTensorsAfter(int steps)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var (recipe, _) = RecipeLoader.Load(path, [$"stages.pretrain.steps={steps}", $"stages.target.steps={steps}"], [Paths.BuiltInPlugins]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        new RecipeRunner(recipe, new SilentObserver()).Run(new RunOptions(Path.Combine(temp.Path, "runs")));
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
    }

    [Fact]
    public void LiveTensorsDoNotGrowWithSteps()
    {
        LiveTensorsAfter(4); // warm-up: lazily created state
        var short_ = LiveTensorsAfter(8);
        var long_ = LiveTensorsAfter(40);
        Assert.True(long_ == short_, $"{short_} tensors left after 8 steps per stage, {long_} after 40");
    }
}
