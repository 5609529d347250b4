using System.Diagnostics;
using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// `repro run --executor slurm` against a stand-in `sbatch` that records each submission; the recorded job scripts are
/// then run by bash with the variables Slurm would set, so the whole path runs without a cluster.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SlurmSubmissionTests
{
    private const string FakeSbatch = """
        #!/bin/bash
        n=$(( $(cat "$FAKE_SLURM/count" 2>/dev/null || echo 100) + 1 ))
        echo "$n" > "$FAKE_SLURM/count"
        printf '%s\n' "$@" > "$FAKE_SLURM/args-$n"
        cat > "$FAKE_SLURM/script-$n"
        echo "$n"
        """;

    private static Dictionary<string, string> Environment(string fake) => new()
    {
        ["PATH"] = fake + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["FAKE_SLURM"] = fake,
    };

    private static CliResult Bash(string script, IReadOnlyDictionary<string, string> variables)
    {
        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in variables) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void AGroupIsSubmittedAsSharedStagesThenAnArrayThenAFinishJob()
    {
        using var temp = new TempDirectory();
        var fake = Directory.CreateDirectory(Path.Combine(temp.Path, "fake")).FullName;
        File.WriteAllText(Path.Combine(fake, "sbatch"), FakeSbatch.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(fake, "sbatch"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("    kind: pretrain\n", "    kind: pretrain\n    seed: 0\n"));
        var cache = Path.Combine(temp.Path, "cache");

        var submit = Cli.RunWith(Environment(fake), temp.Path, "run", recipe, "--seeds", "1..3", "--out", "runs", "--cache", cache,
            "--executor", "slurm", "--slurm-mem", "1G", "--slurm-arg", "--qos=low");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        string[] Args(int job) => File.ReadAllLines(Path.Combine(fake, $"args-{job}"));
        Assert.Contains("--cpus-per-task=1", Args(101));
        Assert.Contains("--mem=1G", Args(101));
        Assert.Contains("--dependency=afterok:101", Args(102));
        Assert.Contains("--array=0-1", Args(102));
        Assert.Contains("--requeue", Args(102));
        Assert.Contains("--qos=low", Args(102));
        Assert.Contains("--dependency=afterany:102", Args(103));
        Assert.False(File.Exists(Path.Combine(fake, "args-104")));
        var group = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "group-*"));
        using (var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(group, "plan.json"))))
        {
            var slurm = plan.RootElement.GetProperty("slurm");
            Assert.Equal(("101", "102", "103"), (slurm.GetProperty("shared_job").GetString(), slurm.GetProperty("array_job").GetString(), slurm.GetProperty("finish_job").GetString()));
            Assert.Equal([2L, 3L], slurm.GetProperty("array_seeds").EnumerateArray().Select(s => s.GetInt64()));
        }
        Assert.Contains("3 pending", Cli.Run(temp.Path, "status", group).Stdout);
        // squeue (a stand-in) says the shared job runs and the array's first task waits
        File.WriteAllText(Path.Combine(fake, "squeue"), "#!/bin/bash\necho '101|RUNNING'\necho '102_0|PENDING'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(fake, "squeue"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var queued = Cli.RunWith(Environment(fake), temp.Path, "status", group);
        Assert.True(queued.ExitCode == 0, queued.ToString());
        Assert.Contains("1 running, 2 pending", queued.Stdout);
        Assert.Contains("queued (pending)", queued.Stdout);
        Assert.Contains("102_1", queued.Stdout);

        // the jobs, in dependency order, as Slurm would start them
        var shared = Bash(Path.Combine(fake, "script-101"), new Dictionary<string, string> { ["SLURM_JOB_ID"] = "101" });
        Assert.True(shared.ExitCode == 0, shared.ToString());
        foreach (var task in new[] { "0", "1" })
        {
            var run = Bash(Path.Combine(fake, "script-102"), new Dictionary<string, string>
            {
                ["SLURM_JOB_ID"] = $"20{task}", ["SLURM_ARRAY_JOB_ID"] = "102", ["SLURM_ARRAY_TASK_ID"] = task, ["SLURMD_NODENAME"] = "node7",
            });
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        Assert.Contains("3 finished", Cli.Run(temp.Path, "status", group).Stdout);
        var finish = Bash(Path.Combine(fake, "script-103"), new Dictionary<string, string> { ["SLURM_JOB_ID"] = "103" });
        Assert.True(finish.ExitCode == 0, finish.ToString());
        Assert.True(File.Exists(Path.Combine(group, "group.json")));

        var manifests = Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories)
            .Select(m => JsonDocument.Parse(File.ReadAllText(m)).RootElement).ToDictionary(m => m.GetProperty("seed").GetInt64());
        var seed3 = manifests[3].GetProperty("scheduler");
        Assert.Equal(("slurm", "201", "102", "1", "node7"), (seed3.GetProperty("kind").GetString(), seed3.GetProperty("job_id").GetString(),
            seed3.GetProperty("array_job_id").GetString(), seed3.GetProperty("array_task_id").GetString(), seed3.GetProperty("node").GetString()));
        Assert.EndsWith(Path.Combine("slurm", "102_1.log"), seed3.GetProperty("log").GetString());
        Assert.Equal("computed", manifests[1].GetProperty("stages").GetProperty("pretrain").GetProperty("source").GetString());
        Assert.Equal("cache", manifests[3].GetProperty("stages").GetProperty("pretrain").GetProperty("source").GetString());
        Assert.False(manifests[1].TryGetProperty("scheduler", out var none) && none.TryGetProperty("array_task_id", out _));
    }

    [Fact]
    public void ASweepIsSubmittedAsAGroupPerConfigurationThenASelectionJob()
    {
        using var temp = new TempDirectory();
        var fake = Directory.CreateDirectory(Path.Combine(temp.Path, "fake")).FullName;
        File.WriteAllText(Path.Combine(fake, "sbatch"), FakeSbatch.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(fake, "sbatch"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: TinyRecipes.Target.Replace("  target:", "  target2:"))
            + "\nanalysis: { primary: test/accuracy, comparisons: [[target, target2]], min_effect: 0.05 }\n");

        var submit = Cli.RunWith(Environment(fake), temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--cache", Path.Combine(temp.Path, "cache"),
            "--executor", "slurm", "--grid", "stages.target2.optimizer.lr=1e-3,1e-2");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        string[] Args(int job) => File.ReadAllLines(Path.Combine(fake, $"args-{job}"));
        // c1: array 101, finish 102; c2: array 103, finish 104; the selection 105 after both finish jobs
        Assert.Contains("--array=0-1", Args(101));
        Assert.Contains("--dependency=afterany:101", Args(102));
        Assert.Contains("--array=0-1", Args(103));
        Assert.Contains("--dependency=afterany:102:104", Args(105));
        Assert.False(File.Exists(Path.Combine(fake, "args-106")));
        var sweep = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "sweep-*"));
        Assert.Contains("--set\nstages.target2.optimizer.lr=1e-2", File.ReadAllText(Path.Combine(fake, "script-103")).Replace("'", "").Replace(" ", "\n"));

        foreach (var array in new[] { 101, 103 })
            foreach (var task in new[] { "0", "1" })
            {
                var run = Bash(Path.Combine(fake, $"script-{array}"), new Dictionary<string, string>
                {
                    ["SLURM_JOB_ID"] = $"{array}{task}", ["SLURM_ARRAY_JOB_ID"] = $"{array}", ["SLURM_ARRAY_TASK_ID"] = task,
                });
                Assert.True(run.ExitCode == 0, run.ToString());
            }
        foreach (var finish in new[] { 102, 104, 105 })
        {
            var run = Bash(Path.Combine(fake, $"script-{finish}"), new Dictionary<string, string> { ["SLURM_JOB_ID"] = $"{finish}" });
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        using var group = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "group.json")));
        Assert.Equal(2, group.RootElement.GetProperty("sweep").GetProperty("configurations").GetArrayLength());
        Assert.Contains("2 of 2 configurations finished; selection written", Cli.Run(temp.Path, "status", sweep).Stdout);
    }

    [Fact]
    public void SlurmSettingsComeFromTheUserFileTheRecipeAndTheCommandLineInThatOrder()
    {
        using var temp = new TempDirectory();
        var fake = Directory.CreateDirectory(Path.Combine(temp.Path, "fake")).FullName;
        File.WriteAllText(Path.Combine(fake, "sbatch"), FakeSbatch.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(fake, "sbatch"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Directory.CreateDirectory(Path.Combine(temp.Path, "config", "repro")).FullName;
        File.WriteAllText(Path.Combine(config, "config.yaml"), "executor:\n  slurm: { partition: shared, account: lab, time: \"01:00:00\", args: [--qos=normal] }\n");
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage() + "\nexecutor:\n  slurm: { partition: cpu, mem: 2G, args: [--qos=low] }\n");
        var environment = new Dictionary<string, string>(Environment(fake)) { ["XDG_CONFIG_HOME"] = Path.Combine(temp.Path, "config") };

        var submit = Cli.RunWith(environment, temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs", "--executor", "slurm", "--slurm-mem", "1G");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        var args = File.ReadAllLines(Path.Combine(fake, "args-101"));
        Assert.Contains("--partition=cpu", args);
        Assert.Contains("--mem=1G", args);
        Assert.Contains("--account=lab", args);
        Assert.Contains("--time=01:00:00", args);
        Assert.True(Array.IndexOf(args, "--qos=normal") < Array.IndexOf(args, "--qos=low"), string.Join(" ", args));
        Assert.DoesNotContain("--partition=shared", args);

        File.WriteAllText(Path.Combine(config, "config.yaml"), "executor:\n  slurm: { cpus: 0, partitoin: x }\n");
        var bad = Cli.RunWith(environment, temp.Path, "run", recipe, "--seeds", "1..2", "--out", "bad", "--executor", "slurm");
        var local = Cli.RunWith(environment, temp.Path, "run", recipe, "--seeds", "1..2", "--out", "local");

        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains(Path.Combine(config, "config.yaml") + ":2:", bad.Stderr);
        Assert.Contains("config.executor.slurm.cpus", bad.Stderr);
        Assert.Contains("partitoin", bad.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "bad")));
        // the user file is read for Slurm submissions only: a local group does not depend on it
        Assert.True(local.ExitCode == 0, local.ToString());
    }

    [Fact]
    public void ARepeatedArrayTaskOfAFinishedSeedDoesNothing()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--out", "runs").ExitCode);
        var group = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0"), "group-*"));

        var again = Cli.Run(temp.Path, "run", recipe, "--seed", "2", "--out", "runs", "--group", group);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("has finished", again.Stdout);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void SlurmOptionsWithoutTheSlurmExecutorAreAUsageError()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--seeds", "1..2", "--slurm-mem", "1G");
        var noSbatch = Cli.RunWith(new Dictionary<string, string> { ["PATH"] = Path.Combine(temp.Path, "no-slurm-here") },
            temp.Path, "run", recipe, "--seeds", "1..2", "--executor", "slurm");

        Assert.True(result.ExitCode == 2 && result.Stderr.Contains("--executor slurm"), result.ToString());
        Assert.True(noSbatch.ExitCode == 2 && noSbatch.Stderr.Contains("sbatch is not on PATH"), noSbatch.ToString());
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }
}
