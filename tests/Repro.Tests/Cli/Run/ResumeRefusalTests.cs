using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// A refused <c>repro run --resume</c> (plugin drift, an edited or damaged recipe.yaml, a run in use by another process) leaves the
/// run it refused to touch exactly as it was: exit 2, the reason, no stack trace, and no <c>error.log</c> or changed file in it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ResumeRefusalTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    /// <summary>A copy of the finished run marked unfinished again, so that it can be resumed.</summary>
    private string Unfinished(TempDirectory temp)
    {
        var run = tiny.CopyTo(Path.Combine(temp.Path, "run"));
        File.WriteAllText(Path.Combine(run, "INCOMPLETE"), "");
        return run;
    }

    /// <summary>Every file of <paramref name="folder"/> (the lock file aside) with the SHA-256 of its bytes.</summary>
    private static SortedDictionary<string, string> Contents(string folder) => new(
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != ".lock")
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    private static void AssertRefusedAndUntouched(string run, SortedDictionary<string, string> before, CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("error.log", result.Stderr);
        Assert.False(File.Exists(Path.Combine(run, "error.log")), "a refused resume wrote error.log into the run");
        Assert.Equal(before, Contents(run));
    }

    [Fact]
    public void AResumeRefusedForPluginDriftWritesNothingIntoTheRun()
    {
        using var temp = new TempDirectory();
        var run = Unfinished(temp);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!;
        manifest["plugins"]![0]!["sha256"] = new string('0', 64);
        File.WriteAllText(Path.Combine(run, "manifest.json"), manifest.ToJsonString());
        var before = Contents(run);

        AssertRefusedAndUntouched(run, before, Cli.Run(temp.Path, "run", "--resume", run), "its assembly changed");
    }

    [Fact]
    public void AResumeRefusedForAnEditedRecipeWritesNothingIntoTheRun()
    {
        using var temp = new TempDirectory();
        var run = Unfinished(temp);
        var recipe = Path.Combine(run, "recipe.yaml");
        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("lr: 0.003", "lr: 0.5"));
        var before = Contents(run);

        AssertRefusedAndUntouched(run, before, Cli.Run(temp.Path, "run", "--resume", run), "the recipe changed since the run started");
    }

    [Fact]
    public void AResumeRefusedForADamagedRecipeWritesNothingIntoTheRun()
    {
        using var temp = new TempDirectory();
        var run = Unfinished(temp);
        File.AppendAllText(Path.Combine(run, "recipe.yaml"), "stages: [\n");
        var before = Contents(run);

        AssertRefusedAndUntouched(run, before, Cli.Run(temp.Path, "run", "--resume", run), "recipe.yaml:");
    }

    [Fact]
    public void AResumeOfARunInUseWritesNothingIntoTheRun()
    {
        using var temp = new TempDirectory();
        var run = Unfinished(temp);
        var before = Contents(run);

        CliResult result;
        using (new FileStream(Path.Combine(run, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            result = Cli.Run(temp.Path, "run", "--resume", run);

        AssertRefusedAndUntouched(run, before, result, "is in use by another repro process");
    }
}
