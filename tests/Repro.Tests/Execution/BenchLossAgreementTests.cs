using System.Text.Json;
using Repro.Bench.RawLoop;
using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// The bench compares `repro run` with a hand-written TorchSharp loop (bench/RawLoop); that comparison is
/// fair only if both do the same work. Same seed, same workload: every step's loss is bitwise equal.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class BenchLossAgreementTests
{
    private const int Steps = 6;

    [Theory]
    [InlineData("finetune")]
    [InlineData("mlm")]
    public void TheRawLoopAndARecipeRunOfTheBenchWorkloadGiveBitwiseTheSameLosses(string workload)
    {
        var settings = new RawSettings
        {
            MaskedLm = workload == "mlm", HiddenSize = 32, Heads = 2, FfnSize = 64, Layers = 1,
            Length = 14, TrainSize = 64, BatchSize = 8, Steps = Steps, Window = Steps,
        };
        var raw = RawTraining.Run(settings, everyStepLoss: true).StepLosses;

        var engine = RecipeLosses(Path.Combine(Paths.Root, "bench", "recipes", $"bench-{workload}.yaml"),
        [
            $"model.params.hidden_size={settings.HiddenSize}", $"model.params.heads={settings.Heads}",
            $"model.params.ffn_size={settings.FfnSize}", $"model.params.layers={settings.Layers}",
            $"stages.train.task.params.length={settings.Length}", $"stages.train.task.params.train_size={settings.TrainSize}",
            $"tokenizer.max_length={settings.Length + 2}", $"stages.train.batch_size={settings.BatchSize}",
            $"stages.train.steps={Steps}", "stages.train.log_every=1",
        ]);

        Assert.Equal(Steps, raw.Count);
        Assert.True(raw.Distinct().Count() > 1, "the losses should change as the model trains");
        Assert.Equal(raw, engine);
    }

    /// <summary>Every step's loss of a recipe run (log_every 1), as the step log records it.</summary>
    private static List<float> RecipeLosses(string recipePath, string[] overrides)
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(recipePath, overrides, [Paths.BuiltInPlugins, Paths.BenchPlugins]);
        new RecipeRunner(recipe, new SilentObserver()).Run(new RunOptions(Path.Combine(temp.Path, "runs")));
        var log = Directory.GetFiles(temp.Path, "steps.jsonl", SearchOption.AllDirectories).Single();
        return File.ReadLines(log).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "train")
            .Select(e => (float)e.GetProperty("loss").GetDouble()).ToList();
    }
}
