using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro run` end to end through the real tool.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public void RunWritesTheRunDirectory()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")));
        foreach (var file in new[] { "recipe.yaml", "manifest.json", "metrics.json", "steps.jsonl", "report.md" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
        Assert.False(File.Exists(Path.Combine(run, "INCOMPLETE")));
        Assert.True(File.Exists(Path.Combine(run, "stages", "pretrain", "body.weights")));
        Assert.True(File.Exists(Path.Combine(run, "stages", "target", "head.weights")));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var target = metrics.RootElement.GetProperty("stages").GetProperty("target");
        var accuracy = target.GetProperty("test").GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);
        Assert.True(metrics.RootElement.GetProperty("stages").GetProperty("pretrain").GetProperty("dev").TryGetProperty("perplexity", out _));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")));
        var m = manifest.RootElement;
        Assert.Equal("complete", m.GetProperty("status").GetString());
        Assert.Equal("0.107.0", m.GetProperty("software").GetProperty("torch_sharp").GetString());
        Assert.Equal("2.10.0", m.GetProperty("software").GetProperty("lib_torch").GetString());
        Assert.Equal(1, m.GetProperty("machine").GetProperty("threads").GetInt32());
        // Idle OpenMP threads sleep unless the caller chose a policy; the manifest records which.
        Assert.Equal(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE",
            m.GetProperty("machine").GetProperty("environment").GetProperty("OMP_WAIT_POLICY").GetString());
        Assert.Contains(m.GetProperty("plugins").EnumerateArray(), p => p.GetProperty("id").GetString() == "bert-encoder" && p.GetProperty("sha256").GetString()!.Length == 64);
        Assert.Equal(64, m.GetProperty("tasks").GetProperty("target").GetProperty("fingerprint").GetString()!.Length);
        // Streams are keyed by the stage's task (pairing: task), so arms of one task share them.
        Assert.Contains(m.GetProperty("seed_tree").EnumerateObject(), p => p.Name.StartsWith("task:synthetic-") && p.Name.EndsWith("/init"));

        var steps = File.ReadAllLines(Path.Combine(run, "steps.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(steps, s => s.GetProperty("kind").GetString() == "train" && s.GetProperty("stage").GetString() == "pretrain" && s.GetProperty("step").GetInt32() == 12);
        Assert.Contains(steps, s => s.GetProperty("kind").GetString() == "eval" && s.GetProperty("split").GetString() == "test");
        Assert.Contains("target", result.Stdout);
    }

    [Fact]
    public void TheSameCommandTwiceGivesIdenticalMetricsBytes()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var first = Cli.Run(temp.Path, "run", recipe, "--out", "a");
        var second = Cli.Run(temp.Path, "run", recipe, "--out", "b");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var a = File.ReadAllBytes(Directory.GetFiles(Path.Combine(temp.Path, "a"), "metrics.json", SearchOption.AllDirectories).Single());
        var b = File.ReadAllBytes(Directory.GetFiles(Path.Combine(temp.Path, "b"), "metrics.json", SearchOption.AllDirectories).Single());
        Assert.Equal(a, b);
        var weightsA = Directory.GetFiles(Path.Combine(temp.Path, "a"), "body.weights", SearchOption.AllDirectories).Order().Select(File.ReadAllBytes);
        var weightsB = Directory.GetFiles(Path.Combine(temp.Path, "b"), "body.weights", SearchOption.AllDirectories).Order().Select(File.ReadAllBytes);
        Assert.Equal(weightsA, weightsB);
    }

    [Fact]
    public void ADifferentSeedGivesDifferentNumbers()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "a").ExitCode);
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "b", "--seed", "8").ExitCode);

        var a = File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "a"), "metrics.json", SearchOption.AllDirectories).Single());
        var b = File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "b"), "metrics.json", SearchOption.AllDirectories).Single());
        Assert.NotEqual(a.Replace("\"seed\": 7", ""), b.Replace("\"seed\": 8", ""));
    }

    [Fact]
    public void AddingAStageLeavesTheOtherStagesBitIdentical()
    {
        using var temp = new TempDirectory();
        var plain = temp.Write("plain.yaml", TinyRecipes.TwoStage("iso"));
        var extra = temp.Write("extra.yaml", TinyRecipes.TwoStage("iso", """
              other:
                kind: finetune
                task: { plugin: synthetic-same-topic, params: { train_size: 16, dev_size: 10, test_size: 10 } }
                steps: 3
                batch_size: 4
            """));

        Assert.Equal(0, Cli.Run(temp.Path, "run", plain, "--out", "plain").ExitCode);
        var withExtra = Cli.Run(temp.Path, "run", extra, "--out", "extra");
        Assert.True(withExtra.ExitCode == 0, withExtra.ToString());

        JsonElement Stages(string folder) => JsonDocument.Parse(File.ReadAllText(
            Directory.GetFiles(Path.Combine(temp.Path, folder), "metrics.json", SearchOption.AllDirectories).Single())).RootElement.GetProperty("stages");
        var a = Stages("plain");
        var b = Stages("extra");
        Assert.True(b.TryGetProperty("other", out _));
        foreach (var stage in new[] { "pretrain", "target" })
            Assert.Equal(a.GetProperty(stage).GetRawText(), b.GetProperty(stage).GetRawText());
    }

    [Fact]
    public void AnEvaluateStageReproducesTheMetricsOfTheStageItLoads()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("eval.yaml", TinyRecipes.TwoStage("eval", """
              check:
                kind: evaluate
                from: target
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stages = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "metrics.json", SearchOption.AllDirectories).Single()))
            .RootElement.GetProperty("stages");
        Assert.Equal(stages.GetProperty("target").GetRawText(), stages.GetProperty("check").GetRawText());
    }

    [Fact]
    public void ARegularizerPenaltyEntersTheTrainingLoss()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--out", "plain").ExitCode);
        var regularized = Cli.Run(temp.Path, "run", recipe, "--out", "l2sp",
            "--set", "stages.target.regularizers=[{plugin: l2-sp, params: {alpha: 1.0, beta: 5.0}}]");
        Assert.True(regularized.ExitCode == 0, regularized.ToString());

        double FirstTargetLoss(string folder) => File.ReadLines(Directory.GetFiles(Path.Combine(temp.Path, folder), "steps.jsonl", SearchOption.AllDirectories).Single())
            .Select(l => JsonDocument.Parse(l).RootElement)
            .First(r => r.GetProperty("kind").GetString() == "train" && r.GetProperty("stage").GetString() == "target")
            .GetProperty("loss").GetDouble();
        // Same seeds, so the same first forward pass: the difference is the penalty (β/2·‖head‖² > 0).
        Assert.True(FirstTargetLoss("l2sp") > FirstTargetLoss("plain") + 1e-3, $"{FirstTargetLoss("l2sp")} vs {FirstTargetLoss("plain")}");
        var manifest = File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "l2sp"), "manifest.json", SearchOption.AllDirectories).Single());
        Assert.Contains("\"id\": \"l2-sp\"", manifest);
        Assert.Matches(@"""task:[^""]+/regularizer:l2-sp""", manifest);
    }

    [Fact]
    public void ANonFiniteLossStopsTheRunWithExitCode3()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("diverge.yaml", TinyRecipes.TwoStage("diverge"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs",
            "--set", "stages.pretrain.optimizer={type: sgd, lr: 10, momentum: 0.9}", "--set", "stages.pretrain.grad_clip=0",
            "--set", "stages.pretrain.steps=200", "--set", "stages.pretrain.log_every=1");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("stage 'pretrain'", result.Stderr);
        Assert.Contains("loss became", result.Stderr);
        var run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "diverge@1.0.0")).Single();
        Assert.True(File.Exists(Path.Combine(run, "INCOMPLETE")), "a failed run must stay marked incomplete");
        Assert.True(File.Exists(Path.Combine(run, "manifest.json")), "what was written before the failure is kept");
    }

    [Fact]
    public async Task CtrlCStopsTheRunWithExitCode130AndKeepsWhatWasWritten()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("long.yaml", TinyRecipes.TwoStage("long"));
        // env --default-signal: the tool gets SIGINT's default handling even when this test runner inherited it ignored
        // (a background job of a non-interactive shell does), as a terminal user's tool would.
        var info = new System.Diagnostics.ProcessStartInfo("env", ["--default-signal=INT", "dotnet", Paths.Tool, "run", recipe, "--out", "runs", "--no-cache", "--set", "stages.pretrain.steps=100000"])
        { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !(line.Contains("pretrain ") && line.Contains("loss"))) { }
        Assert.NotNull(line);
        System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        var rest = process.StandardOutput.ReadToEndAsync();
        var stopped = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!stopped) process.Kill(entireProcessTree: true);
        Assert.True(stopped, "the run did not stop within 60 s of SIGINT");
        await rest;

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted", await stderr);
        var run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "long@1.0.0")).Single();
        Assert.True(File.Exists(Path.Combine(run, "INCOMPLETE")));
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(run, "steps.jsonl")));
    }

    [Fact]
    public void CudaWithoutACudaLibtorchIsAClearBadInputError()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--device", "cuda");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no CUDA support", result.Stderr);
        Assert.Contains("--device cpu", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void AMissingRecipeNamesThePath()
    {
        using var temp = new TempDirectory();
        var result = Cli.Run(temp.Path, "run", "nope/missing.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("recipe not found: nope/missing.yaml", result.Stderr);
    }

    [Fact]
    public void AnUnparsableCommandLineIsBadInputAndHelpIsNot()
    {
        Assert.Equal(2, Cli.Run(Path.GetTempPath(), "run").ExitCode);
        Assert.Equal(2, Cli.Run(Path.GetTempPath(), "run", "x.yaml", "--no-such-option").ExitCode);
        Assert.Equal(2, Cli.Run(Path.GetTempPath(), "frobnicate").ExitCode);
        var help = Cli.Run(Path.GetTempPath(), "run", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--set", help.Stdout);
    }

    [Fact]
    public void VersionPrintsTheToolVersion()
    {
        var result = Cli.Run(Path.GetTempPath(), "--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^repro \d+\.\d+\.\d+", result.Stdout);
        Assert.Contains($"(Repro.Contracts {Repro.Engine.Plugins.ContractsVersion.Host.ToString(3)})", result.Stdout);
    }
}
