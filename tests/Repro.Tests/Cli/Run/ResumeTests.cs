using System.Diagnostics;
using Repro.Tests.Support;
using Xunit.Abstractions;

namespace Repro.Tests;

/// <summary>Killed runs resume to bitwise the results of runs that were never interrupted.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ResumeTests(ITestOutputHelper output)
{
    private const string Budget = """
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 400, dev_size: 50 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 700
            batch_size: 16
            log_every: 4
            checkpoint_every: 7
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 300
            batch_size: 8
            log_every: 5
            checkpoint_every: 9
            eval: { every: 50 }
            regularizers: [ { plugin: l2-sp, params: { alpha: 0.1, beta: 0.01 } } ]
        """;

    private static string Recipe => $"""
        name: resume
        version: 1.0.0
        seed: 11
        threads: 1
        tokenizer: {"{"} max_length: 24 {"}"}
        {TinyRecipes.Model}
        stages:
        {Budget}
        """;

    private static string RunDirectory(string root) => Directory.GetDirectories(Path.Combine(root, "resume@1.0.0")).Single();

    [Fact]
    public void ARunKilledAtARandomMomentResumesToIdenticalResults()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("resume.yaml", Recipe);
        var full = Cli.Run(temp.Path, "run", recipe, "--out", "full");
        Assert.True(full.ExitCode == 0, full.ToString());

        // Kill somewhere between the first checkpoints and the end, at a moment nobody picked: after a random share of the
        // uninterrupted run's logged steps (counted, not timed, so a machine that is busier during one run than during the
        // other moves the moment only within the run).
        var logged = File.ReadLines(Path.Combine(RunDirectory(Path.Combine(temp.Path, "full")), "steps.jsonl")).Count();
        var killAfter = (int)Math.Round(logged * (0.2 + 0.5 * Random.Shared.NextDouble()));
        output.WriteLine($"uninterrupted run: {logged} step-log lines; SIGKILL after {killAfter}");
        var info = new ProcessStartInfo("dotnet", [Paths.Tool, "run", recipe, "--out", "killed", "--no-cache"])
        { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            static int Lines(string runs) => Directory.Exists(runs) && Directory.GetFiles(runs, "steps.jsonl", SearchOption.AllDirectories) is [var log]
                ? File.ReadLines(log).Count() : 0;
            while (!process.HasExited && Lines(Path.Combine(temp.Path, "killed")) < killAfter) Thread.Sleep(5);
            Assert.False(process.HasExited, "the run ended before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var killed = RunDirectory(Path.Combine(temp.Path, "killed"));
        Assert.True(File.Exists(Path.Combine(killed, "INCOMPLETE")));
        output.WriteLine(string.Join(", ", Directory.GetFiles(killed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(killed, f))));

        var resumed = Cli.Run(temp.Path, "run", "--resume", killed);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var reference = RunDirectory(Path.Combine(temp.Path, "full"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "metrics.json")), File.ReadAllBytes(Path.Combine(killed, "metrics.json")));
        foreach (var stage in new[] { "pretrain", "target" })
            foreach (var file in new[] { "body.weights", "head.weights" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "stages", stage, file)), File.ReadAllBytes(Path.Combine(killed, "stages", stage, file)));
        // The step log is the uninterrupted one too (apart from timings).
        static IEnumerable<string> Losses(string run) => File.ReadLines(Path.Combine(run, "steps.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(r => r.TryGetProperty("loss", out var loss) ? $"{r.GetProperty("stage")}/{r.GetProperty("step")}/{loss}" : r.GetRawText());
        Assert.Equal(Losses(reference), Losses(killed));
        Assert.False(File.Exists(Path.Combine(killed, "INCOMPLETE")));
        Assert.Contains("complete; nothing to resume", Cli.Run(temp.Path, "run", "--resume", killed).Stdout);
    }

    [Fact]
    public void ATamperedCheckpointIsRefused()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("resume.yaml", Recipe);
        var info = new ProcessStartInfo("dotnet", [Paths.Tool, "run", recipe, "--out", "runs", "--no-cache"])
        { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && !process.HasExited &&
                   !(Directory.Exists(Path.Combine(temp.Path, "runs")) &&
                     Directory.GetFiles(Path.Combine(temp.Path, "runs"), "latest.json", SearchOption.AllDirectories).Length > 0))
                Thread.Sleep(20);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var run = RunDirectory(Path.Combine(temp.Path, "runs"));
        var checkpoints = Path.Combine(run, "stages", "pretrain", "checkpoints");
        var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints, "latest.json"))).RootElement.GetProperty("folder").GetString()!;
        var weights = Path.Combine(checkpoints, latest, "body.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);

        var resumed = Cli.Run(temp.Path, "run", "--resume", run);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("checkpoint file was changed or damaged", resumed.Stderr);
        Assert.Contains(weights, resumed.Stderr);
    }

    [Fact]
    public void ACheckpointWithTheOptimizerStateOfAnEarlierReproIsRefusedWithWhatToDo()
    {
        using var temp = new TempDirectory();
        var run = KilledRun.AfterFirstCheckpoint(temp.Path, temp.Write("resume.yaml", Recipe), "runs", "pretrain");
        var checkpoints = Path.Combine(run, "stages", "pretrain", "checkpoints");
        var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints, "latest.json"))).RootElement.GetProperty("folder").GetString()!;
        File.WriteAllBytes(Path.Combine(checkpoints, latest, "optimizer.state"), [1, 2, 3]);   // TorchSharp's AdamW state, as Repro wrote it before

        var resumed = Cli.Run(temp.Path, "run", "--resume", run);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("stage 'pretrain'", resumed.Stderr);
        Assert.Contains("the optimizer state of an earlier Repro", resumed.Stderr);
        Assert.Contains($"delete {checkpoints}", resumed.Stderr);
        Assert.DoesNotContain("   at ", resumed.Stderr);
    }

    [Fact]
    public void AResumeOfAnEditedRecipeIsRefusedWithTheDifferenceAndWritesNothing()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("resume.yaml", Recipe);
        var info = new ProcessStartInfo("dotnet", [Paths.Tool, "run", recipe, "--out", "runs", "--no-cache"])
        { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && !process.HasExited &&
                   !(Directory.Exists(Path.Combine(temp.Path, "runs")) &&
                     Directory.GetFiles(Path.Combine(temp.Path, "runs"), "latest.json", SearchOption.AllDirectories).Length > 0))
                Thread.Sleep(20);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var run = RunDirectory(Path.Combine(temp.Path, "runs"));
        var manifest = File.ReadAllBytes(Path.Combine(run, "manifest.json"));
        var runRecipe = Path.Combine(run, "recipe.yaml");
        File.WriteAllText(runRecipe, File.ReadAllText(runRecipe).Replace("lr: 0.003", "lr: 0.5"));

        var resumed = Cli.Run(temp.Path, "run", "--resume", run);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("the recipe changed since the run started", resumed.Stderr);
        Assert.Contains("- lr: 0.003", resumed.Stderr);
        Assert.Contains("+ lr: 0.5", resumed.Stderr);
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(run, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(run, "INCOMPLETE")));
    }
}
