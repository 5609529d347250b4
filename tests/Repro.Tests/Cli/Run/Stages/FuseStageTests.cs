using System.Text.Json;
using Repro.Engine;
using Repro.Engine.Recipes;
using Repro.Engine.Training;
using Repro.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>A fuse stage averages the bodies of earlier stages into a base that later stages fine-tune.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class FuseStageTests
{
    private static string Recipe(string fuse, string extra = "") => $$"""
        name: fuse
        version: 1.0.0
        seed: 3
        threads: 1
        tokenizer: { max_length: 24 }
        {{TinyRecipes.Model}}
        stages:
        {{TinyRecipes.Pretrain}}
          topic:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 6
            batch_size: 8
          agreement:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-agreement, params: { train_size: 40, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 6
            batch_size: 8
          fused:
        {{fuse}}
          target:
            kind: finetune
            from: fused
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 4
            batch_size: 8
        {{extra}}
        """;

    private static string StageFile(string runs, string stage, string file) =>
        Directory.GetFiles(runs, file, SearchOption.AllDirectories).Single(p => Path.GetFileName(Path.GetDirectoryName(p)) == stage);

    [Fact]
    public void AveragingIsTheWeightedMeanOfEveryTensorBitForBit()
    {
        manual_seed(1);
        using var a = nn.Linear(3, 2);
        using var b = nn.Linear(3, 2);
        using var fused = nn.Linear(3, 2);

        BodyFusion.Average(fused, [("a", a), ("b", b)], BodyFusion.Normalise([1, 3], 2));

        using var expected = (a.weight! * 0.25 + b.weight! * 0.75).detach();
        Assert.True(fused.weight!.allclose(expected, rtol: 0, atol: 1e-7));
        Assert.Equal([0.5, 0.5], BodyFusion.Normalise(null, 2));
        using var wrongShape = nn.Linear(4, 2);
        var e = Assert.Throws<ReproException>(() => BodyFusion.Average(fused, [("a", a), ("wide", wrongShape)], [0.5, 0.5]));
        Assert.Contains("tensor 'weight' of stage 'wide' has shape [2, 4], expected [2, 3]", e.Message);
    }

    [Fact]
    public void AFuseStageAveragesBodiesAndALaterStageFineTunesFromIt()
    {
        using var temp = new TempDirectory();
        var uniform = Cli.Run(temp.Path, "run", temp.Write("uniform.yaml", Recipe("    kind: fuse\n    from: [topic, agreement]")), "--out", "uniform");
        var first = Cli.Run(temp.Path, "run", temp.Write("first.yaml", Recipe("    kind: fuse\n    from: [topic, agreement]\n    weights: [1, 0]")), "--out", "first");

        Assert.True(uniform.ExitCode == 0, uniform.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        var runs = Path.Combine(temp.Path, "first");
        // Weights [1, 0] give the first source's body exactly; uniform weights give neither source.
        Assert.Equal(File.ReadAllBytes(StageFile(runs, "topic", "body.weights")), File.ReadAllBytes(StageFile(runs, "fused", "body.weights")));
        var mean = File.ReadAllBytes(StageFile(Path.Combine(temp.Path, "uniform"), "fused", "body.weights"));
        Assert.NotEqual(File.ReadAllBytes(StageFile(runs, "topic", "body.weights")), mean);
        Assert.NotEqual(File.ReadAllBytes(StageFile(runs, "agreement", "body.weights")), mean);

        var metrics = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(runs, "metrics.json", SearchOption.AllDirectories).Single())).RootElement;
        Assert.True(metrics.GetProperty("stages").GetProperty("target").GetProperty("test").TryGetProperty("accuracy", out _));
        var resolved = File.ReadAllText(Directory.GetFiles(runs, "recipe.yaml", SearchOption.AllDirectories).Single());
        Assert.Contains("kind: fuse", resolved);
        Assert.Contains("- topic", resolved);
    }

    [Fact]
    public void FusingDifferentArchitecturesIsRefusedBeforeAnythingRuns()
    {
        using var temp = new TempDirectory();
        var scratch = """
              wide:
                kind: finetune
                model: { plugin: bert-encoder, params: { hidden_size: 24, layers: 1, heads: 2, ffn_size: 32 } }
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
                steps: 2
                batch_size: 8
            """;
        var recipe = Recipe("    kind: fuse\n    from: [topic, agreement]").Replace("  fused:\n", scratch + "\n  fused:\n")
            .Replace("from: [topic, agreement]", "from: [topic, wide]");

        var path = temp.Write("mixed.yaml", recipe);

        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));

        var message = string.Join("\n", e.Diagnostics);
        Assert.True(message.Contains("stages.fused fuses 'topic'"), message);
        Assert.Contains("and 'wide' (bert-encoder { hidden_size: 24,", message);
        Assert.Contains("only models of one plugin with the same parameters can be averaged", message);
    }

    [Fact]
    public void MalformedFuseStagesAreReportedWithTheirPositions()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("bad.yaml", Recipe("    kind: fuse\n    from: [topic]\n    epochs: 2\n    weights: [1, 2, 3]",
            """
              check:
                kind: evaluate
                from: fused
                task: synthetic-topic
              second:
                kind: finetune
                from: [topic, agreement]
                task: synthetic-topic
                steps: 1
            """));

        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));

        var messages = string.Join("\n", e.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("stages.fused.from must list at least two earlier stages to average", messages);
        Assert.Contains("stages.fused is a fuse stage: it takes only 'from' and 'weights', not 'epochs'", messages);
        Assert.Contains("stages.fused.weights has 3 values for 1 stages in 'from'", messages);
        Assert.Contains("stages.check evaluates 'fused', a fuse stage, which has no single task head", messages);
        Assert.Contains("stages.second.from must be one stage; only fuse stages start from several", messages);
        Assert.All(e.Diagnostics, d => Assert.StartsWith(path + ":", d.ToString()));
    }
}
