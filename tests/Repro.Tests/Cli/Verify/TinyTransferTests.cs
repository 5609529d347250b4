using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>recipes/tiny-transfer.yaml (every stage kind in 35 s, no data to install), run twice through the real tool.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TinyTransferTests
{
    /// <summary>Runs the recipe twice (fresh caches), checks the bytes, the transfer claim and the committed snapshot.</summary>
    [Fact]
    public void TwiceGivesIdenticalMetricsAndPretrainingBeatsScratch()
    {
        using var temp = new TempDirectory();
        var recipe = Path.Combine(Paths.Recipes, "tiny-transfer.yaml");

        var first = Cli.Run(temp.Path, "run", recipe, "--out", "first");
        var second = Cli.Run(temp.Path, "run", recipe, "--out", "second");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        string Metrics(string folder) => Directory.GetFiles(Path.Combine(temp.Path, folder), "metrics.json", SearchOption.AllDirectories).Single();
        Assert.Equal(File.ReadAllBytes(Metrics("first")), File.ReadAllBytes(Metrics("second")));

        var stages = JsonDocument.Parse(File.ReadAllText(Metrics("first"))).RootElement.GetProperty("stages");
        double TestAccuracy(string stage) => stages.GetProperty(stage).GetProperty("test").GetProperty("accuracy").GetDouble();
        // Binary acceptability: chance is 0.5. From scratch, 200 examples do not teach word order; pretraining does.
        Assert.True(TestAccuracy("target") > 0.5 + 0.15, $"pretrained target {TestAccuracy("target"):F4} should be well above chance");
        Assert.True(TestAccuracy("target") > TestAccuracy("scratch") + 0.15,
            $"pretrained target {TestAccuracy("target"):F4} should clearly beat scratch {TestAccuracy("scratch"):F4}");

        // The committed snapshot, recipes/tiny-transfer.verified.json, guards these numbers.
        var run = Path.GetDirectoryName(Metrics("first"))!;
        var verify = Cli.Run(temp.Path, "verify", recipe, "--run", run);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.False(File.Exists(Path.Combine(Paths.Recipes, "tiny-transfer.received.json")));
    }
}
