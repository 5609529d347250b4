using System.Text.Json;
using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Tests.Support;

namespace Repro.Tests;

[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class LeakageTests
{
    [Fact]
    public void OverlapIgnoresCaseAndSpacingAndNamesTheSourceStage()
    {
        IReadOnlyList<Example> pretrain = [new("p1", "The cat sat"), new("p2", "a dog ran")];
        IReadOnlyList<Example> train = [new("t1", "birds fly", Label: 0)];
        var evaluation = new Dictionary<string, IReadOnlyList<Example>>
        {
            ["test"] = [new("x1", "the  CAT sat", Label: 0), new("x2", "fish swim", Label: 1), new("x3", "Birds fly", Label: 1)],
            ["dev"] = [new("d1", "cats sat", Label: 0)],
        };

        var leaks = TextOverlap.Find(evaluation, [("target", train), ("pretrain", pretrain)]);

        var leak = Assert.Single(leaks);
        Assert.Equal(("test", 2, 3, "x1", "pretrain"), (leak.Split, leak.Count, leak.Total, leak.FirstId, leak.Source));
    }

    [Fact]
    public void PairsLeakOnlyAsWholePairs()
    {
        IReadOnlyList<Example> corpus = [new("p1", "a b"), new("p2", "c d")];
        var evaluation = new Dictionary<string, IReadOnlyList<Example>> { ["test"] = [new("x", "a b", "c d", Label: 1)] };
        Assert.Empty(TextOverlap.Find(evaluation, [("pretrain", corpus)]));
        Assert.Single(TextOverlap.Find(evaluation, [("mnli", [new("y", "A b", "c  d", Label: 0)])]));
    }

    [Fact]
    public void RunReportsSkippedRowsAndLeakedExamplesInOutputAndManifest()
    {
        using var temp = new TempDirectory();
        temp.Write("train.tsv", "text\tlabel\nred apple\tfruit\ngreen pear\tfruit\nbrown dog\tanimal\nwhite cat\tanimal\nbroken row\n");
        temp.Write("dev.tsv", "text\tlabel\nyellow banana\tfruit\nblack horse\tanimal\n");
        temp.Write("test.tsv", "text\tlabel\nRed  Apple\tfruit\ngrey mouse\tanimal\n");
        var recipe = temp.Write("files.yaml", $"""
            name: files
            version: 1.0.0
            threads: 1
            {TinyRecipes.Model}
            stages:
              target:
                kind: finetune
                task: {"{"} plugin: file-classification, params: {"{"} train: train.tsv, dev: dev.tsv, test: test.tsv, skip_malformed: true {"}"} {"}"}
                optimizer: {"{"} lr: 3.0e-3 {"}"}
                steps: 4
                batch_size: 2
            """);

        var run = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("task 'file-classification': skipped 1 malformed row(s) (train: 1); first:", run.Stdout);
        Assert.Contains("train.tsv line 6", run.Stdout);
        Assert.Contains("leakage: 1 of 2 'test' examples of stage 'target' also appear in the training text of stage 'target'", run.Stdout);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories).Single()));
        var task = manifest.RootElement.GetProperty("tasks").GetProperty("target");
        Assert.Contains("skipped 1 malformed row(s)", Assert.Single(task.GetProperty("notes").EnumerateArray()).GetString());
        Assert.Equal(1, task.GetProperty("leaked").GetProperty("test").GetInt32());
        Assert.False(task.GetProperty("leaked").TryGetProperty("dev", out _));
    }
}
