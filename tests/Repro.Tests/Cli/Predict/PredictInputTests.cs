using System.Diagnostics;
using Repro.Engine.Export;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>repro predict --file</c> reads its file within bounds, as recipe and data files are read: a device, a pipe, a file larger
/// than the bound or a line longer than the bound is refused with exit 2 naming the file (and the bound), instead of filling memory
/// or waiting for ever.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PredictInputTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    private CliResult Predict(TempDirectory temp, string file) => Cli.Run(temp.Path, "predict", Path.Combine(tiny.Directory, "target"), "--file", file);

    private static void AssertRefused(CliResult result, params string[] named)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var text in named) Assert.Contains(text, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void ADeviceIsRefusedBeforeItIsRead(string device)
    {
        using var temp = new TempDirectory();
        AssertRefused(Predict(temp, device), $"--file {device} is empty, or not a regular file (a device or a pipe)");
    }

    [Fact]
    public void APipeIsRefusedWithoutWaitingForAWriter()
    {
        using var temp = new TempDirectory();
        var pipe = Path.Combine(temp.Path, "texts.pipe");
        using (var mkfifo = Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();

        AssertRefused(Predict(temp, pipe), $"--file {pipe} is empty, or not a regular file");
    }

    [Fact]
    public void AFileLargerThanTheBoundIsRefusedBeforeItIsRead()
    {
        using var temp = new TempDirectory();
        var huge = Path.Combine(temp.Path, "huge.txt");
        using (var file = File.Create(huge)) file.SetLength(3L << 30);   // sparse: 3 GiB of zeros that take no disk

        AssertRefused(Predict(temp, huge), $"--file {huge} is 3,221,225,472 bytes; at most 67,108,864 are read");
    }

    [Fact]
    public void ALineLongerThanTheBoundIsRefusedWithItsNumber()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("texts.txt", "a short text\n" + new string('a', (1 << 20) + 1) + "\n");

        AssertRefused(Predict(temp, file), $"--file {file} line 2 is longer than 1,048,576 characters");
    }

    [Fact]
    public void TextsWithinTheBoundsAreReadOnePerNonEmptyLine()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "texts.txt");
        File.WriteAllText(file, "a b c\r\n\nfirst\tsecond\nlast line without a break");

        Assert.Equal(["a b c", "first\tsecond", "last line without a break"], StagePredictor.ReadTexts(file));
    }
}
