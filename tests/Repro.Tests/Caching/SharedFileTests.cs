using System.Diagnostics;
using Repro.Engine.Caching;
using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Cached weights are shared with run folders by hard links, and no write on either side reaches the other.</summary>
[Trait("Category", "Unit")]
public sealed class SharedFileTests
{
    /// <summary>How many names the file has (Linux: stat's %h).</summary>
    internal static int Links(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%h", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(output.Trim());
    }

    [Fact]
    public void TheDestinationIsALinkToTheSourceOnOneVolume()
    {
        using var temp = new TempDirectory();
        var source = temp.Write("cache/body.weights", "weights");
        var run = Path.Combine(temp.Path, "run.weights");

        SharedFile.LinkOrCopy(source, run);

        Assert.Equal(2, Links(source));
        Assert.Equal("weights", File.ReadAllText(run));
    }

    [Fact]
    public void AnAtomicWriteOverTheLinkLeavesTheSourceAsItWas()
    {
        using var temp = new TempDirectory();
        var source = temp.Write("body.weights", "cached");
        var run = Path.Combine(temp.Path, "run.weights");
        SharedFile.LinkOrCopy(source, run);

        AtomicFile.WriteText(run, "retrained");

        Assert.Equal("cached", File.ReadAllText(source));
        Assert.Equal("retrained", File.ReadAllText(run));
    }

    [Fact]
    public void ReplacingADestinationThatSharesTheSourceDoesNotTruncateIt()
    {
        using var temp = new TempDirectory();
        var source = temp.Write("body.weights", "cached");
        var run = Path.Combine(temp.Path, "run.weights");
        SharedFile.LinkOrCopy(source, run);

        SharedFile.LinkOrCopy(source, run);
        SharedFile.LinkOrCopy(temp.Write("other.weights", "other"), run);

        Assert.Equal("cached", File.ReadAllText(source));
        Assert.Equal("other", File.ReadAllText(run));
    }
}
