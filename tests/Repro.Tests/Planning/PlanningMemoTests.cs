using Repro.Engine;
using Repro.Engine.Determinism;
using Repro.Engine.Models;
using Repro.Engine.Planning;
using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// The plans of one launch share what they load (<see cref="PlanningMemo"/>): a task with the same data seed is loaded once
/// and reused, another data seed loads its own, and a plan made with the memo is the plan made without it. The model the plan
/// built is the one its first stage would build, weights and generator state alike, so that stage takes it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlanningMemoTests
{
    [Fact]
    public void PlansOfOneLaunchShareTheirTasksAndPlanAsAlone()
    {
        // freeze: makes planning build the model too, so the memo's models are exercised
        var recipe = RecipeLoader.Load(Path.Combine(Paths.Recipes, "tiny-transfer.yaml"), ["stages.target.freeze=[wordEmbedding]"], [Paths.BuiltInPlugins]).Recipe;
        using var memo = new PlanningMemo();

        var first = RunPlanner.Plan(recipe, 1, null, new SilentObserver(), memo);
        var other = RunPlanner.Plan(recipe, 2, null, new SilentObserver(), memo);
        var again = RunPlanner.Plan(recipe, 1, null, new SilentObserver(), memo);
        var alone = RunPlanner.Plan(recipe, 1, null, new SilentObserver());

        Assert.All(first.Tasks.Zip(again.Tasks), pair => Assert.Same(pair.First.Task, pair.Second.Task));
        Assert.All(first.Tasks.Zip(other.Tasks), pair => Assert.NotSame(pair.First.Task, pair.Second.Task));
        Assert.All(first.Tasks.Zip(alone.Tasks), pair => Assert.NotSame(pair.First.Task, pair.Second.Task));
        Assert.Equal(alone.ResolvedRecipe, again.ResolvedRecipe);
        Assert.Equal(alone.Keys.Select(k => (k.Key, k.Value.Key)), again.Keys.Select(k => (k.Key, k.Value.Key)));
        Assert.Equal(alone.Keys.Select(k => (k.Key, k.Value.Key)), first.Keys.Select(k => (k.Key, k.Value.Key)));
        Assert.NotEqual(first.Keys["target"].Key, other.Keys["target"].Key);
    }

    [Fact]
    public void TheModelAPlanBuiltIsTheOneItsFirstStageBuildsAndOnlyThatStageTakesIt()
    {
        var recipe = RecipeLoader.Load(Path.Combine(Paths.Recipes, "tiny-transfer.yaml"), ["stages.target.freeze=[wordEmbedding]"], [Paths.BuiltInPlugins]).Recipe;
        using var memo = new PlanningMemo();
        var plan = RunPlanner.Plan(recipe, 1, null, new SilentObserver(), memo);
        var (first, model) = (plan.Stages[0].Spec, plan.Stages[0].Model!);
        var initSeed = plan.Seeds.For(first.RandomStreams, SeedPurpose.Init, first.Seed);

        TorchSharp.torch.manual_seed(12345);
        Assert.Null(memo.Take(model, plan.Tokenizer, initSeed + 1));   // another seed's build is not this one
        using var taken = memo.Take(model, plan.Tokenizer, initSeed);
        var afterTake = TorchSharp.torch.get_rng_state();
        TorchSharp.torch.manual_seed(initSeed);
        using var built = ModelBuilder.Build(model, ModelBuilder.ContextOf(model, plan.Tokenizer));
        var afterBuild = TorchSharp.torch.get_rng_state();

        Assert.NotNull(taken);
        Assert.Null(memo.Take(model, plan.Tokenizer, initSeed));       // taken once
        var (expected, actual) = (built.state_dict(), taken!.state_dict());
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected.Keys, name => Assert.True(expected[name].bytes.SequenceEqual(actual[name].bytes), name));
        Assert.True(afterBuild.bytes.SequenceEqual(afterTake.bytes), "the generator after taking is where building would have left it");
    }
}
