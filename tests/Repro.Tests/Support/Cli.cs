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
    public static CliResult Run(string workingDirectory, params string[] args)
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
        return Directory.GetDirectories(Directory.GetDirectories(runs).Single()).Single();
    }
}
