using Cocona;
using Repro.Engine;
using Repro.Engine.Launching;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary><c>repro group-finish GROUP</c> (hidden): the last job of a Slurm group (or sweep) writes group.json.</summary>
public sealed class GroupFinishCommand
{
    /// <summary>Writes group.json from the group's finished runs, or names the seeds that did not finish.</summary>
    [Command("group-finish"), Hidden]
    public int Finish([Argument] string group) =>
        CommandGuard.Run(() =>
        {
            var folder = Path.GetFullPath(group);
            var launcher = new Launcher(new ConsoleLaunchReporter(), CancellationToken.None);
            return SweepPlan.IsSweep(folder) ? launcher.FinishSweep(folder) : launcher.FinishGroup(folder);
        });
}
