namespace Repro.Engine.Slurm;

/// <summary>The <c>--slurm-*</c> options of <c>repro run --executor slurm</c>; null fields are left to the cluster's defaults.</summary>
/// <param name="Cpus">CPUs per task (default: the recipe's threads).</param>
/// <param name="Args">Extra <c>sbatch</c> arguments, passed as given.</param>
public sealed record SlurmOptions(int Cpus, IReadOnlyList<string> Args, string? Partition = null, string? Time = null, string? Mem = null, string? Gres = null, string? Account = null);
