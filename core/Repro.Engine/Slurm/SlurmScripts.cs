using System.Globalization;

namespace Repro.Engine.Slurm;

/// <summary>
/// The <c>sbatch</c> command lines and job scripts of a group on Slurm, as pure functions of their inputs.
/// Every job runs the same tool; its log goes to <c>&lt;group&gt;/slurm/</c>.
/// </summary>
public static class SlurmScripts
{
    /// <summary>The sbatch arguments every job of a group shares, then the job's own.</summary>
    public static IReadOnlyList<string> Sbatch(SlurmOptions options, string jobName, string log, string? dependency = null, string? array = null, bool requeue = false)
    {
        List<string> args = ["--parsable", $"--job-name={jobName}", $"--output={log}", $"--cpus-per-task={options.Cpus}"];
        if (options.Partition is { } partition) args.Add($"--partition={partition}");
        if (options.Time is { } time) args.Add($"--time={time}");
        if (options.Mem is { } mem) args.Add($"--mem={mem}");
        if (options.Gres is { } gres) args.Add($"--gres={gres}");
        if (options.Account is { } account) args.Add($"--account={account}");
        if (dependency is not null) args.Add($"--dependency={dependency}");
        if (array is not null) args.Add($"--array={array}");
        if (requeue) args.AddRange(["--requeue", "--signal=B:USR1@120"]);
        args.AddRange(options.Args);
        return args;
    }

    /// <summary>
    /// The array task's script: picks its seed by <c>SLURM_ARRAY_TASK_ID</c> (an index into <paramref name="seeds"/>) and
    /// runs <paramref name="command"/> with <c>--seed</c>. On SIGUSR1 (sent by Slurm before the time limit or on
    /// preemption) it passes SIGINT to the run, which stops at the next step boundary as with Ctrl+C, and requeues the
    /// task; the requeued task finds its run directory through the group folder and resumes it.
    /// </summary>
    public static string ArrayTask(IReadOnlyList<string> command, IReadOnlyList<long> seeds, string logFolder) =>
        $$"""
        #!/bin/bash
        set -u
        seeds=({{string.Join(' ', seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)))}})
        seed=${seeds[$SLURM_ARRAY_TASK_ID]}
        export REPRO_SLURM_LOG={{Quote(logFolder)}}/"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.log"
        {{string.Join(' ', command.Select(Quote))}} --seed "$seed" &
        run=$!
        trap 'kill -INT "$run"; wait "$run"; scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"; exit 0' USR1
        wait "$run"
        exit $?

        """;

    /// <summary>A one-command job's script (the shared-stage job, the group's finish job).</summary>
    public static string Single(IReadOnlyList<string> command, string log) =>
        $"""
        #!/bin/bash
        set -u
        export REPRO_SLURM_LOG={Quote(log)}
        exec {string.Join(' ', command.Select(Quote))}

        """;

    /// <summary>The array range over <paramref name="count"/> seeds: <c>0-(count−1)</c>.</summary>
    public static string ArrayRange(int count) => count == 1 ? "0" : $"0-{count - 1}";

    /// <summary>Quotes a word for bash (single quotes; an embedded single quote closes, escapes and reopens).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
