using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The <c>baseline</c> stage kind: classical classifiers (ML.NET) as arms of a recipe, validated and run like any stage.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class BaselineStageTests
{
    private const string Task = "{ plugin: synthetic-topic, params: { train_per_class: 12, dev_size: 40, test_size: 40 } }";

    private static string Recipe(string stages) => $"""
        name: baselines
        version: 1.0.0
        threads: 1
        {TinyRecipes.Model}
        stages:
        {stages}
        """;

    private static string Baseline(string name, string method, string extra = "") => $"""
          {name}:
            kind: baseline
            method: {method}
            task: {Task}
            eval: {"{"} splits: [dev, test] {"}"}
        {extra}
        """;

    [Fact]
    public void EveryMethodRunsOnAMulticlassTaskAndRepeatsBitwise()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(Baseline("majority", "majority") + Baseline("bow", "bow_logistic") + Baseline("nb", "bow_naive_bayes")));

        JsonElement Run(string output)
        {
            var run = Cli.Run(temp.Path, "run", path, "--out", output, "--no-cache");
            Assert.True(run.ExitCode == 0, run.ToString());
            var folder = Directory.GetDirectories(Path.Combine(temp.Path, output), "*-seed1", SearchOption.AllDirectories).Single();
            Assert.Contains("method: bow_logistic", File.ReadAllText(Path.Combine(folder, "recipe.yaml")));
            return JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json"))).RootElement.GetProperty("stages");
        }

        var first = Run("a");
        var again = Run("b");

        Assert.Equal(first.GetRawText(), again.GetRawText());
        foreach (var stage in new[] { "majority", "bow", "nb" })
            foreach (var split in new[] { "dev", "test" })
            {
                var metrics = first.GetProperty(stage).GetProperty(split);
                Assert.InRange(metrics.GetProperty("accuracy").GetDouble(), 0, 1);
                Assert.False(metrics.TryGetProperty("loss", out _));    // no probability model, no loss
            }
        // The synthetic topics are separable by their words: a bag of words beats the majority class.
        Assert.True(first.GetProperty("bow").GetProperty("test").GetProperty("accuracy").GetDouble()
                    > first.GetProperty("majority").GetProperty("test").GetProperty("accuracy").GetDouble() + 0.2, first.GetRawText());
    }

    [Fact]
    public void ARecipeOfBaselinesNeedsNoModel()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(Baseline("bow", "bow_logistic")).Replace(TinyRecipes.Model, ""));
        Assert.DoesNotContain("model:", File.ReadAllText(path));

        var run = Cli.Run(temp.Path, "run", path, "--out", "runs", "--no-cache");

        Assert.True(run.ExitCode == 0, run.ToString());
        var folder = Directory.GetDirectories(Path.Combine(temp.Path, "runs"), "*-seed1", SearchOption.AllDirectories).Single();
        Assert.True(File.Exists(Path.Combine(folder, "stages", "bow", "done.json")));
    }

    [Theory]
    [InlineData("    optimizer: { lr: 1.0e-3 }", "stages.b is a baseline stage: it takes only task, method, train_examples, eval, pairing, seed, not 'optimizer' (it trains no encoder)")]
    [InlineData("    from: a", "stages.b is a baseline stage: it takes only task, method, train_examples, eval, pairing, seed, not 'from' (it trains no encoder)")]
    public void ABaselineTakesNoTrainingSettings(string extra, string message)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(Baseline("a", "majority") + Baseline("b", "majority", extra)));
        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));
        Assert.True(e.Diagnostics.Any(d => d.Message == message && d.Location.Contains("r.yaml:", StringComparison.Ordinal)), e.Message);
    }

    [Fact]
    public void UnknownMethodsAndStagesStartingFromABaselineAreRefused()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(Baseline("a", "svm") + $"""
              b:
                kind: finetune
                from: a
                task: {Task}
                epochs: 1
            """));
        var e = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));
        var messages = string.Join("\n", e.Diagnostics);
        Assert.Contains("svm", messages);
        Assert.Contains("bow_logistic", messages);
        Assert.Contains("stages.b.from: 'a' is a baseline stage; it has no encoder to start from", messages);
    }

    [Fact]
    public void ABaselineOfAMaskedLmTaskIsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("""
              a:
                kind: baseline
                method: majority
                task: { plugin: synthetic-corpus, params: { train_size: 50, dev_size: 10 } }
            """));
        var run = Cli.Run(temp.Path, "run", path, "--out", "runs");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stages.a is a baseline stage, but task 'synthetic-corpus' is MaskedLm; baselines classify", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")) && Directory.EnumerateFiles(Path.Combine(temp.Path, "runs"), "*", SearchOption.AllDirectories).Any());
    }
}
