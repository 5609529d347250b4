using Cocona;
using Cocona.Application;
using Repro.Engine.Launching;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary><c>repro run</c>: binds the options, plans the launch (everything checked, nothing written), then executes it.</summary>
public sealed class RunCommand(ICoconaAppContextAccessor context)
{
    /// <summary>Runs a recipe (one run directory per seed, a group, or a sweep), or resumes a run, group or sweep folder.</summary>
    [Command("run", Description = "Run a recipe (each seed gets its own run directory), or continue an unfinished run, group or sweep with --resume")]
    public int Run(RunArguments arguments, PluginPathOptions plugins) =>
        CommandGuard.Run(() => new Launcher(new ConsoleLaunchReporter(), context.Current!.CancellationToken)
            .Execute(LaunchPlanner.Plan(arguments.ToRequest(plugins.Paths))));
}
