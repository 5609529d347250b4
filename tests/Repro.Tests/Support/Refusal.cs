namespace Repro.Tests.Support;

/// <summary>What a refused input must look like through the CLI.</summary>
internal static class Refusal
{
    /// <summary>Exit 2 with <paramref name="message"/>, no stack trace or internal error, and no <c>runs</c> folder under <paramref name="temp"/>.</summary>
    public static void AssertBeforeWriting(TempDirectory temp, CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")), "nothing may be written under --out");
    }
}
