using System.Diagnostics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Input that used to crash, hang or give a wrong result in silence: each is refused through the CLI with exit 2, its place
/// in the recipe, no stack trace, and no run directory.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class HostileInputTests
{
    private static string Fuse(string stages) => $"""
        name: fuse
        version: 1.0.0
        seed: 1
        threads: 1
        tokenizer: {"{"} max_length: 24 {"}"}
        {TinyRecipes.Model}
        stages:
        {stages}
        """;

    [Fact]
    public void AFuseStageThatNamesItselfIsARecipeProblemNotAStackOverflow()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("cycle.yaml", Fuse("""
              d:
                kind: fuse
                from: [d, e]
              e:
                kind: finetune
                task: synthetic-topic
                steps: 2
            """));

        foreach (var command in new[] { new[] { "run", recipe, "--out", "runs" }, ["describe", recipe] })
        {
            var result = Cli.Run(temp.Path, command);
            Refusal.AssertBeforeWriting(temp, result, "cycle.yaml:");
            Assert.Contains("stages.d.from names no earlier stage: 'd'", result.Stderr);
        }
    }

    [Fact]
    public void FuseWeightsWhoseSumOverflowsAreRefused()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("fuse.yaml", TinyRecipes.TwoStage(extraStages: """
              other:
                kind: finetune
                from: pretrain
                task: synthetic-topic
                steps: 2
              both:
                kind: fuse
                from: [target, other]
                weights: [1.0e308, 1.0e308]
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Refusal.AssertBeforeWriting(temp, result, "stages.both.weights sum to more than a double can hold");
    }

    [Fact]
    public void EpochsWhoseStepsOverflowAStepCounterAreRefusedAtTheField()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("steps: 10", "epochs: 2000000000"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Refusal.AssertBeforeWriting(temp, result, "tiny.yaml:");
        Assert.Contains("stages.target.epochs: 2000000000 epochs of 24 examples in batches of 8 are 6000000000 steps; at most 2147483647 fit", result.Stderr);
        Assert.DoesNotContain("pretrain: done", result.Stdout);
    }

    [Fact]
    public void TrainExamplesBeyondTheDataAreRefusedAtTheFieldBeforeTheRunDirectoryExists()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache", "--set", "stages.target.train_examples=1000000");

        Refusal.AssertBeforeWriting(temp, result, "--set stages.target.train_examples=1000000: stages.target.train_examples is 1000000, but task 'synthetic-topic' has only 24 train examples");
    }

    [Fact]
    public void NumbersBeyondTheirRangeSayWhichBoundTheyCross()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var steps = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--set", "stages.target.steps=9999999999");
        Refusal.AssertBeforeWriting(temp, steps, "stages.target.steps must be between 1 and 2147483647, not 9999999999");

        var seed = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--set", "seed=9223372036854775808");
        Refusal.AssertBeforeWriting(temp, seed, "recipe.seed must be between");
        Assert.DoesNotContain("must be an integer", seed.Stderr);
    }

    [Theory]
    [InlineData("--jobs", "abc", "--jobs must be a whole number between 1 and 1024, not 'abc'")]
    [InlineData("--jobs", "99999999999", "--jobs must be a whole number between 1 and 1024, not '99999999999'")]
    [InlineData("--jobs", "0", "--jobs must be a whole number between 1 and 1024, not '0'")]
    [InlineData("--steps", "1e3", "--steps must be a whole number between 1 and 1000000, not '1e3'")]
    public void NumericOptionsAreRefusedInTheirOwnTerms(string option, string value, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", option, value);

        Refusal.AssertBeforeWriting(temp, result, message);
        Assert.DoesNotContain("Int32", result.Stderr + result.Stdout);
    }

    [Fact]
    public void ARecipeWithAModelPerStageAndNoRecipeModelRuns()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("per-stage.yaml", $$"""
            name: per-stage
            version: 1.0.0
            seed: 1
            threads: 1
            tokenizer: { max_length: 24 }
            stages:
              small:
                kind: finetune
                model: { plugin: bert-encoder, params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32 } }
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
                steps: 2
                batch_size: 4
              wide:
                kind: finetune
                model: { plugin: bert-encoder, params: { hidden_size: 32, layers: 1, heads: 2, ffn_size: 32 } }
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
                steps: 2
                batch_size: 4
            """);

        var described = Cli.Run(temp.Path, "describe", recipe);
        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.DoesNotContain("\nmodel:", described.Stdout);

        var run = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "metrics.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void ANameAndVersionTooLongForOneFolderNameAreARecipeProblem()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(name: new string('n', 100)));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--set", "version=1.0.0-" + new string('a', 150));

        Refusal.AssertBeforeWriting(temp, result, "recipe.name and recipe.version together");
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Fact]
    public void AnEmptyOutFolderIsRefused()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "");

        Refusal.AssertBeforeWriting(temp, result, "--out is empty; give a folder");
    }

    [Fact]
    public void APipeOrADeviceAsARecipeOrADataFileIsRefusedWithoutWaitingOnIt()
    {
        using var temp = new TempDirectory();
        var pipe = Path.Combine(temp.Path, "pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();

        Refusal.AssertBeforeWriting(temp, Cli.Run(temp.Path, "run", pipe, "--out", "runs"), "not a regular file");
        Refusal.AssertBeforeWriting(temp, Cli.Run(temp.Path, "describe", "/dev/zero"), "not a regular file");

        temp.Write("data/train.csv", "text,label\ngood,1\nbad,0\nfine,1\nawful,0\n");
        var recipe = temp.Write("files.yaml", TinyRecipes.FileClassification("data/train.csv", "pipe.yaml"));
        var data = Cli.Run(temp.Path, "run", recipe, "--out", "runs");
        Refusal.AssertBeforeWriting(temp, data, "dev = 'pipe.yaml' is empty, or not a regular file");
        Assert.Contains("files.yaml:", data.Stderr);

        var vocabulary = Cli.Run(temp.Path, "run", temp.Write("tiny.yaml", TinyRecipes.TwoStage()), "--out", "runs",
            "--set", "tokenizer={type: wordpiece, vocab: /dev/zero, max_length: 24}");
        Refusal.AssertBeforeWriting(temp, vocabulary, "/dev/zero is empty, or not a regular file");
    }

    [Fact]
    public void ARunWithDataPathsRelativeToItsRecipeIsReproducedFromItsRunDirectory()
    {
        using var temp = new TempDirectory();
        temp.Write("data/train.csv", "text,label\ngood film,1\nbad film,0\nfine film,1\nawful film,0\ngreat film,1\npoor film,0\n");
        temp.Write("data/dev.csv", "text,label\nnice film,1\nweak film,0\n");
        var recipe = temp.Write("recipes/files.yaml", TinyRecipes.FileClassification("../data/train.csv", "../data/dev.csv", steps: 3));
        Assert.True(Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache") is { ExitCode: 0 } first, "the first run");
        var run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "files@1.0.0")).Single();

        var again = Cli.Run(temp.Path, "reproduce", run, "--out", "again");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("identical", again.Stdout);
    }

    [Fact]
    public void ResumingARunWhoseManifestIsDamagedNamesTheFile()
    {
        using var temp = new TempDirectory();
        var run = Path.Combine(temp.Path, "runs", "tiny@1.0.0", "20260101-000000-seed7");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "manifest.json"), "{\"a\":");
        File.WriteAllText(Path.Combine(run, "recipe.yaml"), TinyRecipes.TwoStage());
        File.WriteAllText(Path.Combine(run, "INCOMPLETE"), "");

        var result = Cli.Run(temp.Path, "run", "--resume", run);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("manifest.json", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal("{\"a\":", File.ReadAllText(Path.Combine(run, "manifest.json")));
    }
}
