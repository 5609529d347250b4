using System.Diagnostics;
using Repro.Engine.Runs;

namespace Repro.Engine.Launching;

/// <summary>
/// <c>repro run --check-determinism</c>: runs each training stage's first K steps twice, each time in a
/// fresh process (so nothing is shared but the files), traces the exact loss and a hash of every parameter
/// tensor after every step, and reports the first step and tensor where the two disagree.
/// </summary>
internal static class DeterminismCheck
{
    public static int Run(DeterminismLaunch check, ILaunchReporter reporter, CancellationToken cancel)
    {
        var (request, seed, steps) = (check.Request, check.Seed, check.Steps);
        if (steps < 1) throw new ReproException("--steps must be at least 1");
        var folder = Directory.CreateTempSubdirectory("repro-determinism-");
        try
        {
            var traces = new[] { "a", "b" }.Select(name =>
            {
                var trace = Path.Combine(folder.FullName, name + ".jsonl");
                var arguments = new List<string> { "run", Path.GetFullPath(request.RecipePath!), "--seed", seed.ToString(), "--out", Path.Combine(folder.FullName, name),
                    "--max-steps", steps.ToString(), "--trace", trace };
                foreach (var o in request.Set) arguments.AddRange(["--set", o]);
                foreach (var p in request.PluginPaths) arguments.AddRange(["--plugins", Path.GetFullPath(p)]);
                if (request.Device is not null) arguments.AddRange(["--device", request.Device]);
                reporter.Line($"determinism check: process {name}, first {steps} steps of each training stage, seed {seed}");
                RunChild(arguments, cancel);
                return StepTrace.Read(trace);
            }).ToList();

            var divergence = StepTrace.FirstDivergence(traces[0], traces[1]);
            if (divergence is not null)
            {
                reporter.Line($"not deterministic: first divergence at {divergence}");
                return ExitCodes.CheckFailed;
            }
            var tensors = traces[0].FirstOrDefault()?.Parameters.Count ?? 0;
            reporter.Line($"deterministic: {traces[0].Count} steps in {traces[0].Select(t => t.Stage).Distinct().Count()} stage(s) agree bitwise in loss and in all {tensors} parameter tensors");
            return ExitCodes.Ok;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void RunChild(List<string> arguments, CancellationToken cancel)
    {
        using var process = Process.Start(SelfProcess.StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        process.WaitForExitAsync(cancel).GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new ReproException($"the determinism check's run failed (exit {process.ExitCode}):\n{stderr.Result}{stdout.Result}", process.ExitCode);
    }
}
