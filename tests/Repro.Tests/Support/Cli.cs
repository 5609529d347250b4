using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>The result of one `repro` process.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built `repro` tool as a separate process, as a user would.</summary>
internal static class Cli
{
    public static CliResult Run(string workingDirectory, params string[] args) => RunWith(null, workingDirectory, args);

    /// <summary>Runs `repro` with extra environment variables (e.g. REPRO_PLUGIN_STORE).</summary>
    public static CliResult RunWith(IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Each invocation gets an empty stage cache unless the test names one with --cache.
        info.Environment["REPRO_CACHE"] = Path.Combine(Path.GetTempPath(), "repro-tests", "cache-" + Guid.NewGuid().ToString("n")[..12]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        info.ArgumentList.Add(Paths.Tool);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"repro {string.Join(' ', args)} did not finish in 8 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Runs that are killed on purpose, to test resuming.</summary>
internal static class KilledRun
{
    /// <summary>
    /// Starts `repro run RECIPE --out OUT --no-cache` and kills it (SIGKILL) once a checkpoint of <paramref name="stage"/>
    /// exists; returns the run directory it leaves.
    /// </summary>
    public static string AfterFirstCheckpoint(string workingDirectory, string recipe, string outFolder, string stage)
    {
        var info = new ProcessStartInfo("dotnet", [Paths.Tool, "run", recipe, "--out", outFolder, "--no-cache"])
        { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        var runs = Path.Combine(workingDirectory, outFolder);
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            bool Checkpointed() => Directory.Exists(runs) && Directory.GetFiles(runs, "latest.json", SearchOption.AllDirectories)
                .Any(f => f.Contains($"{Path.DirectorySeparatorChar}stages{Path.DirectorySeparatorChar}{stage}{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            while (DateTime.UtcNow < deadline && !process.HasExited && !Checkpointed()) Thread.Sleep(10);
            if (process.HasExited) throw new InvalidOperationException($"the run of {recipe} ended before a checkpoint of stage '{stage}' could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return RunIn(runs);
    }

    /// <summary>
    /// Runs <paramref name="recipe"/> uninterrupted, then again killed after <paramref name="stage"/>'s first checkpoint
    /// and resumed; asserts that the resume started from the checkpoint and that <c>metrics.json</c> and the stage's
    /// weights are bitwise those of the uninterrupted run.
    /// </summary>
    public static void ResumesToIdenticalResults(string workingDirectory, string recipe, string stage)
    {
        var full = Cli.Run(workingDirectory, "run", recipe, "--out", "full");
        Assert.True(full.ExitCode == 0, full.ToString());

        var killed = AfterFirstCheckpoint(workingDirectory, recipe, "killed", stage);
        var resumed = Cli.Run(workingDirectory, "run", "--resume", killed);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"stage '{stage}': resuming after step", resumed.Stdout + resumed.Stderr);
        var reference = RunIn(Path.Combine(workingDirectory, "full"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "metrics.json")), File.ReadAllBytes(Path.Combine(killed, "metrics.json")));
        foreach (var file in new[] { "body.weights", "head.weights" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "stages", stage, file)), File.ReadAllBytes(Path.Combine(killed, "stages", stage, file)));
    }

    /// <summary>The one run directory under <c>runs/&lt;recipe@version&gt;/</c>.</summary>
    private static string RunIn(string runs) => Directory.GetDirectories(Directory.GetDirectories(runs).Single()).Single();
}
