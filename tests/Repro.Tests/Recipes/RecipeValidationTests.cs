using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Every problem of a recipe at once, each with file:line:column, and exit code 2.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RecipeValidationTests
{
    private static RecipeException LoadFails(string path, params string[] overrides) =>
        Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, overrides, [Paths.BuiltInPlugins]));

    [Fact]
    public void AMalformedRecipeReportsEveryProblemWithItsPosition()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("bad.yaml", """
            name: bad
            version: 1.0.0
            threads: two
            model:
              plugin: bert-encodr
            stages:
              pretrain:
                kind: pretrain
                task: synthetic-corpus
                steps: 10
                optimiser: { lr: 1e-3 }
              target:
                kind: finetune
                from: pretrian
                task: synthetic-topic
                steps: -5
            """);

        var e = LoadFails(path);

        var messages = e.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.True(messages.Count == 5, string.Join("\n", messages));
        Assert.Contains(messages, m => m.StartsWith($"{path}:3:10:") && m.Contains("recipe.threads must be an integer, not 'two'"));
        Assert.Contains(messages, m => m.StartsWith($"{path}:5:11:") && m.Contains("unknown model plugin 'bert-encodr'; did you mean 'bert-encoder'?"));
        Assert.Contains(messages, m => m.StartsWith($"{path}:11:5:") && m.Contains("unknown key 'optimiser' in stages.pretrain; did you mean 'optimizer'?"));
        Assert.Contains(messages, m => m.StartsWith($"{path}:14:11:") && m.Contains("stages.target.from names no earlier stage: 'pretrian'") && m.Contains("did you mean 'pretrain'?"));
        Assert.Contains(messages, m => m.StartsWith($"{path}:16:12:") && m.Contains("stages.target.steps must be at least 1, not -5"));
        Assert.Equal(5, messages.Count);
        Assert.Equal(messages.OrderBy(m => int.Parse(m[(path.Length + 1)..].Split(':')[0])), messages);
    }

    [Fact]
    public void TheCommandLineExitsWith2AndPrintsEveryProblem()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("bad.yaml", """
            name: bad
            version: one
            stages:
              a:
                kind: pretraining
                task: synthetic-corpus
                steps: 1
            """);

        var result = Cli.Run(temp.Path, "run", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:2:10: recipe.version must be a semantic version", result.Stderr);
        Assert.Contains($"{path}:5:11: stages.a.kind must be one of pretrain, finetune, multitask, evaluate, fuse, baseline, not 'pretraining'", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void PluginParametersAreCheckedByNameTypeAndRange()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("params.yaml", TinyRecipes.TwoStage().Replace(
            "params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32, dropout: 0.1 }",
            "params: { hidden_sise: 16, layers: many, heads: 2, ffn_size: 32, dropout: 1.5 }"));

        var messages = LoadFails(path).Diagnostics.Select(d => d.Message).ToList();

        Assert.Contains(messages, m => m.Contains("plugin 'bert-encoder' has no parameter 'hidden_sise'; did you mean 'hidden_size'?"));
        Assert.Contains(messages, m => m.Contains("recipe.model.params.layers: must be an integer, not 'many'"));
        Assert.Contains(messages, m => m.Contains("recipe.model.params.dropout: must be between 0 and 0.99, not 1.5"));
    }

    [Fact]
    public void AnUnsatisfiableVersionRangeNamesTheLoadedVersion()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("range.yaml", TinyRecipes.TwoStage().Replace("threads: 1", "threads: 1\nplugins: { bert-encoder: ^3.0, synthetic-corpus: ^1.0 }"));

        var e = LoadFails(path);

        var d = Assert.Single(e.Diagnostics);
        Assert.Contains("recipe.plugins.bert-encoder requires ^3.0 but the loaded 'bert-encoder' is 2.2.0", d.Message);
    }

    [Fact]
    public void AnUnknownTaskPluginListsTheAvailableOnes()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("task.yaml", TinyRecipes.TwoStage().Replace("plugin: synthetic-topic", "plugin: synthetic-topik"));

        var d = Assert.Single(LoadFails(path).Diagnostics);

        Assert.Contains("unknown task plugin 'synthetic-topik'; did you mean 'synthetic-topic'?", d.Message);
        Assert.Contains("(available: ", d.Message);
        foreach (var id in new[] { "synthetic-agreement", "synthetic-corpus", "synthetic-same-topic", "synthetic-topic" })
            Assert.Contains(id, d.Message);
        Assert.DoesNotContain("bert-encoder", d.Message);
    }

    [Fact]
    public void APluginOfTheWrongKindIsNamed()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("kind.yaml", TinyRecipes.TwoStage().Replace("plugin: synthetic-topic", "plugin: bert-encoder"));

        var d = Assert.Single(LoadFails(path).Diagnostics);

        Assert.Contains("'bert-encoder' is a model plugin, not a task plugin", d.Message);
    }

    [Fact]
    public void OverridesChangeTheRecipeAndTheirProblemsNameTheOverride()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var (recipe, _) = RecipeLoader.Load(path, ["stages.target.optimizer.lr=2e-5", "seed=3"], [Paths.BuiltInPlugins]);
        Assert.Equal(2e-5, Assert.IsType<TrainingStage>(recipe.Stages.Single(s => s.Name == "target")).Training.Optimizer.Lr);
        Assert.Equal([3L], recipe.Seeds);

        var e = LoadFails(path, "stages.target.batch_size=big");
        Assert.Equal("--set stages.target.batch_size=big", Assert.Single(e.Diagnostics).Location);
    }

    [Fact]
    public void InvalidYamlIsReportedAtItsPosition()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("broken.yaml", "name: x\nstages: [a, b\n");

        var d = Assert.Single(LoadFails(path).Diagnostics);

        Assert.StartsWith($"{path}:", d.Location);
        Assert.Contains("YAML syntax", d.Message);
    }

    [Fact]
    public void EveryShippedRecipeValidates()
    {
        var recipes = Directory.GetFiles(Paths.Recipes, "*.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(recipes);
        foreach (var path in recipes)
        {
            var (recipe, _) = RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), recipe.Name);
        }
    }

    [Fact]
    public void TheResolvedRecipeRunsTheSameExperiment()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var (recipe, _) = RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]);

        var resolved = temp.Write("resolved.yaml", ResolvedRecipeWriter.Write(recipe, 7));
        var (again, _) = RecipeLoader.Load(resolved, [], [Paths.BuiltInPlugins]);

        Assert.Equal(ResolvedRecipeWriter.Write(recipe, 7), ResolvedRecipeWriter.Write(again, 7));
        Assert.Contains("hidden_size: 16", File.ReadAllText(resolved));
        Assert.Contains("init_std: 0.02", File.ReadAllText(resolved));
    }
}
