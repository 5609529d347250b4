using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro reproduce` re-executes a run from its manifest and certifies the result.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ReproduceTests
{
    private static string Run(TempDirectory temp)
    {
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");
        Assert.True(result.ExitCode == 0, result.ToString());
        return Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Single();
    }

    [Fact]
    public void AFinishedRunReproducesIdentically()
    {
        using var temp = new TempDirectory();
        var run = Run(temp);

        var result = Cli.Run(temp.Path, "reproduce", run, "--out", "again");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("certificate: identical", result.Stdout);
        Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "again", "tiny@1.0.0")));
    }

    [Fact]
    public void AChangedResultIsReportedWithItsMetricAndTolerancesDecide()
    {
        using var temp = new TempDirectory();
        var run = Run(temp);
        var metrics = Path.Combine(run, "metrics.json");
        var text = File.ReadAllText(metrics);
        var at = text.IndexOf("\"accuracy\": ", text.IndexOf("\"target\"", StringComparison.Ordinal), StringComparison.Ordinal) + "\"accuracy\": ".Length;
        var end = text.IndexOfAny([',', '\n'], at);
        var original = double.Parse(text[at..end], System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(metrics, text[..at] + (original + 0.01).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + text[end..]);

        var strict = Cli.Run(temp.Path, "reproduce", run, "--out", "again");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("certificate: differs", strict.Stdout);
        Assert.Contains("accuracy", strict.Stdout);
        Assert.Contains("target", strict.Stdout);

        var tolerant = Cli.Run(temp.Path, "reproduce", run, "--out", "again", "--tolerance", "0.02");
        Assert.Equal(0, tolerant.ExitCode);
        Assert.Contains("certificate: within tolerance", tolerant.Stdout);
    }

    [Fact]
    public void AnUnfinishedRunIsNamedAsSuch()
    {
        using var temp = new TempDirectory();
        var run = Run(temp);
        File.WriteAllText(Path.Combine(run, "INCOMPLETE"), "");

        var result = Cli.Run(temp.Path, "reproduce", run);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is an unfinished run", result.Stderr);
        Assert.Contains("repro run --resume", result.Stderr);
    }
}
