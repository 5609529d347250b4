using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>What a recipe file must be before it is parsed: one YAML document, small, UTF-8, readable.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RecipeFileTests
{
    [Fact]
    public void ASecondYamlDocumentIsRefusedAtItsLine()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("two.yaml", TinyRecipes.TwoStage() + "\n---\nname: other\n");
        var result = Cli.Run(temp.Path, "describe", recipe);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"two\.yaml:\d+:1: a recipe is one YAML document, but the file has 2", result.Stderr);
    }

    [Fact]
    public void ATabInTheIndentationIsReportedAtTheTab()
    {
        using var temp = new TempDirectory();
        var text = TinyRecipes.TwoStage().Replace("\n    kind: finetune", "\n  \tkind: finetune");
        var recipe = temp.Write("tab.yaml", text);
        var line = Array.FindIndex(text.Split('\n'), l => l.Contains('\t')) + 1;
        Assert.True(line > 1);

        var result = Cli.Run(temp.Path, "describe", recipe);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"tab.yaml:{line}:3: YAML syntax:", result.Stderr);
        Assert.Contains("tab", result.Stderr);
    }

    [Theory]
    [InlineData("file", "is a file")]
    [InlineData("file/runs", "lies under")]
    [InlineData("/proc/repro-runs", "cannot be written to")]
    public void AnOutFolderThatCannotHoldRunsIsRefusedBeforeAnythingRuns(string @out, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        temp.Write("file", "not a folder");

        var run = Cli.Run(temp.Path, "run", recipe, "--out", @out);
        var verify = Cli.Run(temp.Path, "verify", recipe, "--out", @out);

        foreach (var result in new[] { run, verify })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"--out {@out} {message}", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
            Assert.DoesNotContain("internal error", result.Stderr);
        }
        Assert.Equal(["file", "tiny.yaml"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ADeviceIsRefusedUnopenedAndAHugeFileByItsSize()
    {
        var device = Cli.Run(Path.GetTempPath(), "describe", "/dev/zero");
        Assert.Equal(2, device.ExitCode);
        Assert.Contains("/dev/zero is empty, or not a regular file (a device or a pipe)", device.Stderr);
        Assert.DoesNotContain("   at ", device.Stderr);

        using var temp = new TempDirectory();
        var huge = temp.Write("huge.yaml", "name: huge\n# " + new string('x', 2 << 20) + "\n");
        var result = Cli.Run(temp.Path, "describe", huge);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("huge.yaml is larger than 1024 KiB", result.Stderr);
    }

    [Fact]
    public void AByteOrderMarkIsAcceptedAndBinaryIsRefused()
    {
        using var temp = new TempDirectory();
        var withBom = Path.Combine(temp.Path, "bom.yaml");
        File.WriteAllText(withBom, TinyRecipes.TwoStage(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0, Cli.Run(temp.Path, "describe", withBom).ExitCode);

        var binary = Path.Combine(temp.Path, "binary.yaml");
        File.WriteAllBytes(binary, [0x6e, 0x61, 0xff, 0xfe, 0x00, 0x81]);
        var result = Cli.Run(temp.Path, "describe", binary);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not UTF-8 text", result.Stderr);
    }

    [Theory]
    [InlineData("--device", "tpu", "device 'tpu' is unknown: use cpu, cuda or cuda:N")]
    [InlineData("--seed", "99999999999999999999", "--seed: '99999999999999999999' is not a seed: a whole number from 0 to 9223372036854775807")]
    [InlineData("--seed", "1..3", "--seed takes one seed, not '1..3'; use --seeds for several")]
    public void CommandLineValuesOutOfRangeAreNamedInTheToolsTerms(string option, string value, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var result = Cli.Run(temp.Path, "run", recipe, option, value, "--out", "runs");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("Nullable", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs", "tiny@1.0.0")) && Directory.EnumerateFileSystemEntries(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Any());
    }
}
