using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro verify` / `repro accept`: metric snapshots with tolerances.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class VerifyTests
{
    private static CliResult Verify(TempDirectory temp, string recipe, params string[] extra) =>
        Cli.Run(temp.Path, ["verify", recipe, "--out", "runs", "--cache", "cache", .. extra]);

    [Fact]
    public void NoSnapshotThenAcceptThenPassThenAnEditedNumberFails()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var verified = Path.Combine(temp.Path, "tiny.verified.json");
        var received = Path.Combine(temp.Path, "tiny.received.json");

        var first = Verify(temp, recipe);
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("no snapshot yet", first.Stdout);
        Assert.True(File.Exists(received));

        Assert.Equal(0, Cli.Run(temp.Path, "accept", recipe).ExitCode);
        Assert.True(File.Exists(verified));
        Assert.False(File.Exists(received));
        var text = File.ReadAllText(verified);
        Assert.DoesNotContain("\r", text);
        Assert.Matches("\"target/test/accuracy\": \\{ \"mean\": ", text);

        var pass = Verify(temp, recipe, "--junit", "verify.xml");
        Assert.True(pass.ExitCode == 0, pass.ToString());
        Assert.Contains("verified against", pass.Stdout);
        Assert.Contains("failures=\"0\"", File.ReadAllText(Path.Combine(temp.Path, "verify.xml")));

        File.WriteAllText(verified, Regex.Replace(text, "(\"target/test/accuracy\": \\{ \"mean\": )[^,]+", "${1}0.123"));
        var fail = Verify(temp, recipe, "--junit", "verify.xml");
        Assert.Equal(1, fail.ExitCode);
        Assert.Matches(@"target\s*│\s*test\s*│\s*accuracy\s*│\s*0\.123", fail.Stdout);
        Assert.Contains("FAIL", fail.Stdout);
        Assert.True(File.Exists(received));
        Assert.Contains("failures=\"1\"", File.ReadAllText(Path.Combine(temp.Path, "verify.xml")));

        Assert.Equal(0, Cli.Run(temp.Path, "accept", recipe).ExitCode);
        Assert.Equal(0, Verify(temp, recipe).ExitCode);
    }

    [Fact]
    public void AChangedHyperparameterFailsWithAReadableTable()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Verify(temp, recipe);
        Cli.Run(temp.Path, "accept", recipe);
        var copy = Path.Combine(temp.Path, "copy");
        Directory.CreateDirectory(copy);
        File.WriteAllText(Path.Combine(copy, "tiny.yaml"), File.ReadAllText(recipe).Replace("steps: 10", "steps: 60"));
        File.Copy(Path.Combine(temp.Path, "tiny.verified.json"), Path.Combine(copy, "tiny.verified.json"));

        var result = Verify(temp, Path.Combine(copy, "tiny.yaml"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Stdout);
        Assert.Contains("verified", result.Stdout);
        Assert.Contains("received", result.Stdout);
        Assert.Contains("tolerance", result.Stdout);
        Assert.Contains("pass", result.Stdout); // the untouched pretraining still matches
    }

    [Fact]
    public void VerifyTakesTheSeedListsRunTakes()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var range = Verify(temp, recipe, "--seeds", "1..2");
        var bad = Verify(temp, recipe, "--seeds", "1..x");

        Assert.True(range.ExitCode == 1 && range.Stdout.Contains("no snapshot yet"), range.ToString());
        Assert.Matches("\"seeds\": \\{ \"1\": [^,]+, \"2\": ", File.ReadAllText(Path.Combine(temp.Path, "tiny.received.json")));
        Assert.True(bad.ExitCode == 2 && bad.Stderr.Contains("--seeds: '1..x'"), bad.ToString());
    }

    [Fact]
    public void AMultiSeedSnapshotWithAStdToleranceGuardsTheMean()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("seed: 7", "seeds: [1, 2, 3]") + """

            verify:
              tolerances:
                "*/*/*": { std: 2 }
            """);
        Verify(temp, recipe);
        Assert.Equal(0, Cli.Run(temp.Path, "accept", recipe).ExitCode);
        var verified = Path.Combine(temp.Path, "tiny.verified.json");
        var text = File.ReadAllText(verified);
        Assert.Matches("\"seeds\": \\{ \"1\": [^,]+, \"2\": [^,]+, \"3\": ", text);

        var pass = Verify(temp, recipe);
        Assert.True(pass.ExitCode == 0, pass.ToString());
        Assert.Contains("2·std", pass.Stdout);

        // Move the verified mean of one metric by 10 of its seed standard deviations.
        var line = Regex.Match(text, "\"pretrain/dev/loss\": \\{ \"mean\": (?<mean>[^,]+), \"std\": (?<std>[^,]+),");
        var mean = double.Parse(line.Groups["mean"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var std = double.Parse(line.Groups["std"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(std > 0, "three seeds should spread");
        File.WriteAllText(verified, text.Replace(line.Value, line.Value.Replace(line.Groups["mean"].Value,
            (mean + 10 * std).ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

        var fail = Verify(temp, recipe);
        Assert.Equal(1, fail.ExitCode);
        Assert.Matches(@"pretrain\s*│\s*dev\s*│\s*loss.*FAIL", fail.Stdout);
    }

    [Fact]
    public void PluginVersionAndDataChangesAreLabelledOnTheirOwn()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Verify(temp, recipe);
        Cli.Run(temp.Path, "accept", recipe);
        var verified = Path.Combine(temp.Path, "tiny.verified.json");
        var text = File.ReadAllText(verified);
        text = text.Replace("\"bert-encoder\": \"2.2.0\"", "\"bert-encoder\": \"0.9.0\"");
        text = Regex.Replace(text, "(\"pretrain\": \")[0-9a-f]{8}", "${1}00000000");
        File.WriteAllText(verified, text);

        var result = Verify(temp, recipe);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("changed: plugin bert-encoder: 0.9.0 → 2.2.0", result.Stdout);
        Assert.Contains("changed: data of stage pretrain: fingerprint 00000000", result.Stdout);
    }

    [Fact]
    public void AcceptWithoutAReceivedSnapshotExplains()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var result = Cli.Run(temp.Path, "accept", recipe);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing to accept", result.Stderr);
    }
}
