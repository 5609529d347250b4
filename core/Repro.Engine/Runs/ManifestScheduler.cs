namespace Repro.Engine.Runs;

/// <summary>
/// The batch job a run ran in (absent outside one): Slurm's job id, array job and task ids, node and the job's log
/// (<c>REPRO_SLURM_LOG</c>, set by the job script, since Slurm does not pass the log path to the job).
/// </summary>
public sealed record ManifestScheduler(string Kind, string JobId, string? ArrayJobId = null, string? ArrayTaskId = null, string? Node = null, string? Log = null)
{
    /// <summary>The Slurm job of this process, from its <c>SLURM_*</c> variables, or null outside Slurm.</summary>
    public static ManifestScheduler? FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value : null;
        return Get("SLURM_JOB_ID") is { } job
            ? new ManifestScheduler("slurm", job, Get("SLURM_ARRAY_JOB_ID"), Get("SLURM_ARRAY_TASK_ID"), Get("SLURMD_NODENAME"), Get("REPRO_SLURM_LOG"))
            : null;
    }
}
