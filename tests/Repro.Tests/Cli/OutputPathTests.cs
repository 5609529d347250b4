using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Every path a user names for output follows one rule (<c>OutputPath</c>): one below a file, or of the wrong kind, is refused
/// with exit 2 naming the option, before any work or printing, and nothing is written.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class OutputPathTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    private static void AssertRefusedUnderAFile(CliResult result, string option)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option} afile/", result.Stderr);
        Assert.Contains("which is a file", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
        Assert.Equal("", result.Stdout);   // refused before any table was printed
    }

    [Fact]
    public void ExportBelowAFileIsRefused()
    {
        using var temp = new TempDirectory();
        temp.Write("afile", "x");

        AssertRefusedUnderAFile(Cli.Run(temp.Path, "export", Path.Combine(tiny.Directory, "target"), "--out", "afile/model"), "--out");
        Assert.Equal("x", File.ReadAllText(Path.Combine(temp.Path, "afile")));
    }

    [Fact]
    public void ExportIntoAFolderThatIsNotEmptyLeavesItAsItWas()
    {
        using var temp = new TempDirectory();
        temp.Write("taken/keep.txt", "mine");

        var result = Cli.Run(temp.Path, "export", Path.Combine(tiny.Directory, "target"), "--out", "taken");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--out taken exists and is not an empty folder", result.Stderr);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(Path.Combine(temp.Path, "taken")).Select(Path.GetFileName));
    }

    [Fact]
    public void CompareMarkdownBelowAFileIsRefusedBeforeTheTableIsPrinted()
    {
        using var temp = new TempDirectory();
        temp.Write("afile", "x");

        AssertRefusedUnderAFile(Cli.Run(temp.Path, "compare", tiny.Directory, tiny.Directory, "--markdown", "afile/compare.md"), "--markdown");
    }

    [Fact]
    public void CompareMarkdownNamingAFolderIsRefused()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "folder"));

        var result = Cli.Run(temp.Path, "compare", tiny.Directory, tiny.Directory, "--markdown", "folder");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--markdown folder is a folder; name a file to write", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(temp.Path, "folder")));
    }

    [Fact]
    public void ReportOutBelowAFileIsRefused()
    {
        using var temp = new TempDirectory();
        temp.Write("afile", "x");

        AssertRefusedUnderAFile(Cli.Run(temp.Path, "report", tiny.Directory, "--out", "afile/report"), "--out");
    }

    [Fact]
    public void VerifyJUnitBelowAFileIsRefusedBeforeTheVerdictsArePrinted()
    {
        using var temp = new TempDirectory();
        temp.Write("afile", "x");
        var recipe = temp.Write("tiny.yaml", File.ReadAllText(tiny.Recipe));
        Assert.Equal(1, Cli.Run(temp.Path, "verify", recipe, "--run", tiny.Directory).ExitCode);   // no snapshot yet: writes the received one
        Assert.Equal(0, Cli.Run(temp.Path, "accept", recipe).ExitCode);

        AssertRefusedUnderAFile(Cli.Run(temp.Path, "verify", recipe, "--run", tiny.Directory, "--junit", "afile/verify.xml"), "--junit");
    }

    [Fact]
    public void VerifyCacheBelowAFileIsRefusedBeforeARunStarts()
    {
        using var temp = new TempDirectory();
        temp.Write("afile", "x");
        var recipe = temp.Write("tiny.yaml", File.ReadAllText(tiny.Recipe));

        var result = Cli.Run(temp.Path, "verify", recipe, "--out", "runs", "--cache", "afile/cache");

        AssertRefusedUnderAFile(result, "--cache");
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")), "no run may start");
    }
}
