using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A multitask stage trains one body with a head per task on mixed batches (Muppet), and resumes like any stage.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class MultitaskStageTests
{
    private static string Recipe(string sampling = "proportional", string scaling = "classes", int steps = 0, string extra = "") => $$"""
        name: muppet
        version: 1.0.0
        seed: 5
        threads: 1
        tokenizer: { max_length: 24 }
        {{TinyRecipes.Model}}
        stages:
        {{TinyRecipes.Pretrain}}
          muppet:
            kind: multitask
            from: pretrain
            tasks:
              topic: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
              agreement: { plugin: synthetic-agreement, params: { train_size: 40, dev_size: 30, test_size: 30 } }
            sampling: {{sampling}}
            loss_scaling: {{scaling}}
            {{(steps > 0 ? $"steps: {steps}\n    checkpoint_every: 7\n    eval: {{ every: 40 }}" : "epochs: 1")}}
            optimizer: { type: adamw, lr: 3.0e-3 }
            batch_size: 8
            log_every: 4
          target:
            kind: finetune
            from: muppet
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 30 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 4
            batch_size: 8
        {{extra}}
        """;

    private static string RunDirectory(string root) => Directory.GetDirectories(Path.Combine(root, "muppet@1.0.0")).Single();

    private static JsonElement Json(string run, string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, file))).RootElement;

    private static int TrainCount(JsonElement manifest, string key) =>
        manifest.GetProperty("tasks").GetProperty(key).GetProperty("examples").GetProperty("train").GetInt32();

    [Fact]
    public void EachTaskGetsItsOwnMetricsAndSamplingSetsTheEpoch()
    {
        using var temp = new TempDirectory();
        var proportional = Cli.Run(temp.Path, "run", temp.Write("p.yaml", Recipe()), "--out", "p");
        var uniform = Cli.Run(temp.Path, "run", temp.Write("u.yaml", Recipe("uniform")), "--out", "u");
        var unscaled = Cli.Run(temp.Path, "run", temp.Write("n.yaml", Recipe(scaling: "none")), "--out", "n");

        Assert.True(proportional.ExitCode == 0, proportional.ToString());
        Assert.True(uniform.ExitCode == 0, uniform.ToString());
        Assert.True(unscaled.ExitCode == 0, unscaled.ToString());
        var run = RunDirectory(Path.Combine(temp.Path, "p"));
        var metrics = Json(run, "metrics.json").GetProperty("stages");
        foreach (var split in new[] { "topic.dev", "topic.test", "agreement.dev", "agreement.test" })
            Assert.True(metrics.GetProperty("muppet").GetProperty(split).TryGetProperty("accuracy", out _), split);
        Assert.True(metrics.GetProperty("target").GetProperty("test").TryGetProperty("accuracy", out _));

        // Proportional: one epoch visits every example once; uniform: each task cycled to the larger one's size.
        var manifest = Json(run, "manifest.json");
        var (topic, agreement) = (TrainCount(manifest, "muppet.topic"), TrainCount(manifest, "muppet.agreement"));
        Assert.NotEqual(topic, agreement);
        Assert.Contains($"muppet: {(topic + agreement + 7) / 8} steps", proportional.Stdout);
        Assert.Contains($"muppet: {(2 * Math.Max(topic, agreement) + 7) / 8} steps", uniform.Stdout);

        // Muppet's loss scaling changes the training (both tasks have more than one class).
        static byte[] Body(string root) => File.ReadAllBytes(Path.Combine(RunDirectory(root), "stages", "muppet", "body.weights"));
        Assert.NotEqual(Body(Path.Combine(temp.Path, "p")), Body(Path.Combine(temp.Path, "n")));
        Assert.Contains("sampling: proportional", File.ReadAllText(Path.Combine(run, "recipe.yaml")));
    }

    [Fact]
    public void AKilledMultitaskStageResumesToIdenticalResults()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("muppet.yaml", Recipe(steps: 400));
        // The checkpoint holds every task head.
        KilledRun.ResumesToIdenticalResults(temp.Path, recipe, "muppet");
    }

    [Fact]
    public void MalformedMultitaskStagesAreReportedWithTheirPositions()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("bad.yaml", Recipe(extra: """
              single:
                kind: multitask
                from: pretrain
                task: synthetic-topic
                tasks:
                  only: synthetic-topic
                regularizers: [ l2-sp ]
                sampling: random
                steps: 2
              check:
                kind: evaluate
                from: muppet
                task: synthetic-topic
            """));

        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));

        var messages = string.Join("\n", e.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("stages.single is a multitask stage: name its tasks under 'tasks', each with its own head", messages);
        Assert.Contains("stages.single.tasks needs at least two tasks; a single task is a finetune stage", messages);
        Assert.Contains("stages.single is a multitask stage: regularizers apply to single-task stages only", messages);
        Assert.Contains("stages.single.sampling must be one of proportional, uniform, not 'random'", messages);
        Assert.Contains("stages.check evaluates 'muppet', a multitask stage, which has no single task head", messages);
        Assert.All(e.Diagnostics, d => Assert.StartsWith(path + ":", d.ToString()));
    }
}
