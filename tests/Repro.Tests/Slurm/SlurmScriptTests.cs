using Repro.Engine.Slurm;

namespace Repro.Tests;

/// <summary>The sbatch command lines and job scripts of a group on Slurm (pure functions; no Slurm needed).</summary>
[Trait("Category", "Unit")]
public sealed class SlurmScriptTests
{
    private static readonly SlurmOptions Options = new(2, ["--qos=low", "--constraint=avx512"], "gpu", "02:00:00", "8G", "gpu:1", "lab");

    [Fact]
    public void AnArrayJobCarriesEveryOptionItsDependencyAndRequeue()
    {
        var args = SlurmScripts.Sbatch(Options, "tiny@1.0.0", "/g/slurm/%A_%a.log", "afterok:41", SlurmScripts.ArrayRange(3), requeue: true);

        Assert.Equal(
        [
            "--parsable", "--job-name=tiny@1.0.0", "--output=/g/slurm/%A_%a.log", "--cpus-per-task=2", "--partition=gpu",
            "--time=02:00:00", "--mem=8G", "--gres=gpu:1", "--account=lab", "--dependency=afterok:41", "--array=0-2",
            "--requeue", "--signal=B:USR1@120", "--qos=low", "--constraint=avx512",
        ], args);
    }

    [Fact]
    public void UnsetOptionsAreLeftToTheCluster()
    {
        var args = SlurmScripts.Sbatch(new SlurmOptions(1, []), "finish", "/g/f.log", "afterany:42");

        Assert.Equal(["--parsable", "--job-name=finish", "--output=/g/f.log", "--cpus-per-task=1", "--dependency=afterany:42"], args);
        Assert.Equal("0", SlurmScripts.ArrayRange(1));
    }

    [Fact]
    public void TheArrayTaskPicksItsSeedAndRequeuesOnUsr1()
    {
        var script = SlurmScripts.ArrayTask(["/opt/repro/repro", "run", "/r/tiny.yaml", "--group", "/g"], [3, 5, 8], "/g/slurm");

        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("seeds=(3 5 8)\n", script);
        Assert.Contains("seed=${seeds[$SLURM_ARRAY_TASK_ID]}\n", script);
        Assert.Contains("'/opt/repro/repro' 'run' '/r/tiny.yaml' '--group' '/g' --seed \"$seed\" &\n", script);
        Assert.Contains("export REPRO_SLURM_LOG='/g/slurm'/\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.log\"", script);
        Assert.Contains("trap 'kill -INT \"$run\"; wait \"$run\"; scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"; exit 0' USR1", script);
        Assert.DoesNotContain("\r", script);
    }

    [Fact]
    public void WordsAreQuotedForBash()
    {
        Assert.Equal("'a b'", SlurmScripts.Quote("a b"));
        Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
        Assert.Equal("'$HOME'", SlurmScripts.Quote("$HOME"));
        Assert.Contains("exec 'repro' 'group-finish' '/g'\n", SlurmScripts.Single(["repro", "group-finish", "/g"], "/g/f.log"));
    }
}
