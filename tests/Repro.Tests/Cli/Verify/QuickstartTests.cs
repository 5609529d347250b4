using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The README's main job: recipes/quickstart.yaml, run through the real tool on an empty model store.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class QuickstartTests
{
    /// <summary>Installs MiniLM on first use, ends with the one-line comparison, beats both baselines and matches the committed snapshot.</summary>
    [Fact]
    public void QuickstartFineTunesMiniLmBeatsScratchAndBagOfWordsAndMatchesItsSnapshot()
    {
        using var temp = new TempDirectory();
        var recipe = Path.Combine(Paths.Recipes, "quickstart.yaml");
        var store = new Dictionary<string, string> { ["REPRO_MODELS"] = Path.Combine(temp.Path, "models") };

        var run = Cli.RunWith(store, temp.Path, "run", recipe, "--out", "runs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(Path.Combine(temp.Path, "models", "minilm-l6", "model.safetensors")), "the first run installs the model");
        var metrics = Directory.GetFiles(Path.Combine(temp.Path, "runs"), "metrics.json", SearchOption.AllDirectories).Single();
        var stages = JsonDocument.Parse(File.ReadAllText(metrics)).RootElement.GetProperty("stages");
        double TestAccuracy(string stage) => stages.GetProperty(stage).GetProperty("test").GetProperty("accuracy").GetDouble();
        Assert.Contains($"test/accuracy: pretrained {TestAccuracy("pretrained"):F4} · scratch {TestAccuracy("scratch"):F4} · bag-of-words {TestAccuracy("bag-of-words"):F4}", run.Stdout);
        // 300 training sentences: the released checkpoint transfers to unseen Yelp reviews; random weights and word counts do not.
        Assert.True(TestAccuracy("pretrained") > TestAccuracy("scratch") + 0.1, $"pretrained {TestAccuracy("pretrained"):F4} vs scratch {TestAccuracy("scratch"):F4}");
        Assert.True(TestAccuracy("pretrained") > TestAccuracy("bag-of-words") + 0.1, $"pretrained {TestAccuracy("pretrained"):F4} vs bag-of-words {TestAccuracy("bag-of-words"):F4}");

        // The committed snapshot, recipes/quickstart.verified.json, guards these numbers.
        var verify = Cli.RunWith(store, temp.Path, "verify", recipe, "--run", Path.GetDirectoryName(metrics)!);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.False(File.Exists(Path.Combine(Paths.Recipes, "quickstart.received.json")));
    }
}
