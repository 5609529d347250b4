using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Damaged or contradictory group folders through the CLI: <c>status</c>, <c>compare</c>, <c>report</c> and <c>run --resume</c>
/// refuse a damaged file with exit 2 naming it (no stack trace), and a group or sweep that cannot run leaves no folder behind.
/// One small finished group is shared by the tests that damage a copy of it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class GroupFolderHostileTests : IClassFixture<GroupFolderHostileTests.FinishedGroup>
{
    private readonly FinishedGroup _finished;

    public GroupFolderHostileTests(FinishedGroup finished) => _finished = finished;

    /// <summary>A two-seed group of the tiny recipe, run once for the class.</summary>
    public sealed class FinishedGroup : IDisposable
    {
        internal TempDirectory Temp { get; } = new();
        public string Runs => Path.Combine(Temp.Path, "runs");

        public FinishedGroup()
        {
            var recipe = Temp.Write("tiny.yaml", TinyRecipes.TwoStage());
            var run = Cli.Run(Temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--no-cache");
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        public void Dispose() => Temp.Dispose();
    }

    // A fresh copy of the finished group's recipe folder (runs and group), so each test damages its own.
    private (TempDirectory Temp, string Group) Copy()
    {
        var temp = new TempDirectory();
        foreach (var directory in Directory.GetDirectories(_finished.Runs, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(temp.Path, "runs", Path.GetRelativePath(_finished.Runs, directory)));
        foreach (var file in Directory.GetFiles(_finished.Runs, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(temp.Path, "runs", Path.GetRelativePath(_finished.Runs, file)));
        return (temp, Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "group-*")));
    }

    private static void AssertRefusedNaming(CliResult result, string file)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(file, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
    }

    [Theory]
    [InlineData("plan.json", "{}")]
    [InlineData("plan.json", "{ \"recipe\": \"tiny@1.0.0\", \"seeds\": [")]
    [InlineData("plan.json", "{ \"recipe\": \"tiny@1.0.0\", \"recipe_path\": \"x\", \"seeds\": [], \"executor\": \"local\", \"jobs\": 1, \"out\": \"o\", \"set\": [], \"plugins\": [] }")]
    [InlineData("seeds/1.json", "{}")]
    [InlineData("seeds/2.json", "{ \"seed\": 1, \"run\": \"../x\", \"host\": \"h\", \"pid\": 1, \"started_utc\": \"2026-01-01T00:00:00Z\" }")]
    [InlineData("group.json", "{}")]
    [InlineData("group.json", "{ \"format\": 1, \"recipe\": \"tiny@1.0.0\", \"recipe_path\": \"x\", \"seeds\": [1, 2], \"runs\": { \"1\": \"a\" }, \"metrics\": {} }")]
    public void ADamagedGroupFileIsRefusedByNameByEveryCommandThatReadsIt(string file, string content)
    {
        var (temp, group) = Copy();
        using (temp)
        {
            var path = Path.Combine(group, file);
            File.WriteAllText(path, content);
            var before = Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Length;
            var commands = file == "group.json"
                ? new[] { new[] { "compare", group, "--stages", "pretrain,target" }, ["report", group] }
                : [["status", group], ["run", "--resume", group]];
            foreach (var command in commands) AssertRefusedNaming(Cli.Run(temp.Path, command), path);
            Assert.Equal(before, Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Length);
        }
    }

    [Fact]
    public void AnEndlessOrEmptyFileGivenAsAGroupIsRefusedBeforeItIsRead()
    {
        using var temp = new TempDirectory();
        var empty = temp.Write("group.json", "");
        foreach (var file in new[] { "/dev/zero", empty })
        {
            var result = Cli.Run(temp.Path, "compare", file, "--stages", "a,b");
            AssertRefusedNaming(result, file);
            Assert.Contains("not a regular file", result.Stderr);
        }
    }

    [Fact]
    public void ASeedRecordEditedToEmptyIsNotReadAsSeedZeroAndNothingIsRunAgain()
    {
        var (temp, group) = Copy();
        using (temp)
        {
            var record = Path.Combine(group, "seeds", "2.json");
            File.WriteAllText(record, "{}");
            var groupFile = File.ReadAllText(Path.Combine(group, "group.json"));
            File.Delete(Path.Combine(group, "group.json"));

            AssertRefusedNaming(Cli.Run(temp.Path, "run", "--resume", group), record);
            Assert.Equal(2, Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "*-seed*").Length);
            Assert.False(File.Exists(Path.Combine(group, "group.json")));
            Assert.NotEmpty(groupFile);
        }
    }

    [Fact]
    public void StatusSaysARunDirectoryThatWasDeletedIsGoneNotFinished()
    {
        var (temp, group) = Copy();
        using (temp)
        {
            Directory.Delete(Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "*-seed2")), recursive: true);

            var status = Cli.Run(temp.Path, "status", group);

            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("1 finished, 1 failed", status.Stdout);
            Assert.Contains("run directory is gone", status.Stdout);
        }
    }

    [Theory]
    [InlineData("--grid", "stages.target.optimizer.lr=1e-3,2e-3")]
    [InlineData("--set", "stages.target.steps=3")]
    [InlineData("--seeds", "1..3")]
    [InlineData("--executor", "slurm")]
    public void ResumingAGroupRefusesWhatWouldChangeIt(string option, string value)
    {
        var (temp, group) = Copy();
        using (temp)
        {
            var result = Cli.Run(temp.Path, "run", "--resume", group, option, value);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("--resume GROUP continues as it was planned", result.Stderr);
            Assert.Contains(option, result.Stderr);
        }
    }

    [Fact]
    public void AGroupWhoseSeedCannotBePlannedLeavesNoFolder()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--set", "stages.target.eval.splits=[dev, nope]");

        Refusal.AssertBeforeWriting(temp, result, "has no split 'nope'");
    }

    [Fact]
    public void ASweepWithABadGridValueLeavesNoFolderAtAll()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: TinyRecipes.Target.Replace("  target:", "  other:")) + """

            analysis:
              primary: test/accuracy
              comparisons: [[target, other]]
              min_effect: 0.05
            """);

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs",
            "--grid", "stages.other.train_examples=4,100000");

        // only planning finds it: the value reads well, but the task has fewer train examples
        Refusal.AssertBeforeWriting(temp, result, "sweep configuration c2: stages.other.train_examples is 100000");
    }
}
