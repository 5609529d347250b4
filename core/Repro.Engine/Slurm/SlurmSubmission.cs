using System.Diagnostics;
using Repro.Engine.Launching;
using Repro.Engine.Runs;

namespace Repro.Engine.Slurm;

/// <summary>
/// <c>--executor slurm</c>: submits a planned group as jobs. When a stage has a pinned seed (shared by every run seed),
/// the first seed runs alone first, computing the shared stages into the cache; a job array over the other seeds
/// (<c>afterok</c> on it) then reuses them; a last job (<c>afterany</c>) writes group.json. Job ids go into plan.json.
/// </summary>
public static class SlurmSubmission
{
    /// <summary>Submits <paramref name="seeds"/> of a planned group (all of them at first, the unfinished ones on --resume).</summary>
    public static void Submit(string folder, GroupPlan plan, IReadOnlyList<long> seeds, bool sharedStages, Action<string> say)
    {
        var slurm = plan.Slurm ?? throw new InvalidOperationException("a Slurm plan has Slurm options");
        var logs = Path.Combine(folder, "slurm");
        Directory.CreateDirectory(logs);
        string? shared = null;
        if (sharedStages && seeds.Count > 1)
        {
            var log = Path.Combine(logs, "shared-%j.log");
            shared = Sbatch(SlurmScripts.Sbatch(slurm.Options, $"{plan.Recipe}-shared", log),
                SlurmScripts.Single(SelfProcess.CommandLine(GroupArguments.Fresh(folder, plan, seeds[0])), log));
            slurm = slurm with { SharedJob = shared, SharedSeed = seeds[0] };
            plan = plan with { Slurm = slurm };
            plan.Write(folder);
            seeds = [.. seeds.Skip(1)];
        }
        var array = Sbatch(SlurmScripts.Sbatch(slurm.Options, plan.Recipe, Path.Combine(logs, "%A_%a.log"),
                shared is null ? null : $"afterok:{shared}", SlurmScripts.ArrayRange(seeds.Count), requeue: true),
            SlurmScripts.ArrayTask(SelfProcess.CommandLine(GroupArguments.Seedless(folder, plan)), seeds, logs));
        slurm = slurm with { ArrayJob = array, ArraySeeds = seeds };
        (plan with { Slurm = slurm }).Write(folder);
        var finish = SubmitFinish(folder, slurm.Options, plan.Recipe, [array]);
        (plan with { Slurm = slurm with { FinishJob = finish } }).Write(folder);
        say($"submitted {plan.Recipe}, seeds {string.Join(",", shared is null ? seeds : [slurm.SharedSeed!.Value, .. seeds])}: "
            + (shared is null ? "" : $"shared stages job {shared} (seed {slurm.SharedSeed}), ")
            + $"array {array}, finish {finish}");
        say($"group folder: {folder}");
        say($"follow it with: repro status {folder}");
    }

    /// <summary>
    /// Submits the job that writes group.json of the group or sweep in <paramref name="folder"/> (<c>repro group-finish</c>)
    /// once every job of <paramref name="after"/> has ended, however it ended; returns its id.
    /// </summary>
    public static string SubmitFinish(string folder, SlurmOptions options, string recipe, IReadOnlyList<string> after)
    {
        var log = Path.Combine(folder, "slurm", "finish-%j.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        return Sbatch(SlurmScripts.Sbatch(options with { Gres = null }, $"{recipe}-finish", log, $"afterany:{string.Join(':', after)}"),
            SlurmScripts.Single(SelfProcess.CommandLine(["group-finish", folder]), log));
    }

    /// <summary>Submits a sweep's last job, which chooses each stage's configuration once every configuration's group has finished.</summary>
    public static void SubmitSweepFinish(string folder, SlurmOptions options, string recipe, IReadOnlyList<string> configurationFinishJobs, Action<string> say)
    {
        var job = SubmitFinish(folder, options, recipe, configurationFinishJobs);
        say($"sweep selection job {job} (after {string.Join(", ", configurationFinishJobs)})");
        say($"sweep folder: {folder}");
        say($"follow it with: repro status {folder}");
    }

    /// <summary>Throws unless <c>sbatch</c> is on PATH, so nothing is written for a submission that cannot happen.</summary>
    public static void CheckSbatch()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "sbatch"))))
            throw new ReproException("sbatch is not on PATH; --executor slurm needs the Slurm client commands");
    }

    /// <summary>Runs <c>sbatch</c> with <paramref name="script"/> on stdin; returns the job id.</summary>
    private static string Sbatch(IReadOnlyList<string> args, string script)
    {
        var (exit, stdout, stderr) = SlurmCommand.Run("sbatch", args, script);
        if (exit != 0) throw new ReproException($"sbatch failed (exit {exit}): {stderr.Trim()}");
        return stdout.Trim().Split(';')[0];
    }
}

/// <summary>Runs a Slurm command (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>) as a process.</summary>
public static class SlurmCommand
{
    /// <summary>Runs <paramref name="command"/>; throws a <see cref="ReproException"/> when it is not installed.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(string command, IReadOnlyList<string> args, string? stdin = null)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ReproException($"{command} is not on PATH; --executor slurm needs the Slurm client commands");
        }
        using (process)
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
