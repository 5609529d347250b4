using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A CSV or TSV data file with a header and no row is refused naming the file and the header's line, before a run starts.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class HeaderOnlyDataTests
{
    [Theory]
    [InlineData("train.csv", "text,label\n")]
    [InlineData("train.tsv", "text\tlabel\n")]
    [InlineData("train.csv", "\n\ntext,label\n\n")]
    public void AHeaderOnlyFileIsNamedWithItsLine(string name, string content)
    {
        using var temp = new TempDirectory();
        var train = temp.Write($"data/{name}", content);
        temp.Write("data/dev.csv", "text,label\ngood,1\nbad,0\n");
        var recipe = temp.Write("files.yaml", TinyRecipes.FileClassification($"data/{name}", "data/dev.csv"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        var line = content.Split('\n').TakeWhile(l => l.Length == 0).Count() + 1;
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{train} line {line}: the header is the only row", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        var runs = Path.Combine(temp.Path, "runs");
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories).Any(), "no run may start");
    }
}
