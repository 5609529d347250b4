using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Launching;
using Repro.Engine.Runs;

namespace Repro.Tool.Output;

/// <summary>Shows a launch on the console: live progress, result tables per run, and a group's (or sweep's) table.</summary>
internal sealed class ConsoleLaunchReporter : ILaunchReporter
{
    public T Progress<T>(Func<IRunObserver, T> work) => ConsoleProgress.Run(work);

    public void Line(string text) => Console.WriteLine(text);

    public void Runs(IReadOnlyList<RunResult> results) => ResultTable.Print(results);

    public void Group(GroupFile group, string path)
    {
        if (group.Sweep is not null) SweepTable.Print(group.Sweep);
        GroupTable.Print(group, path);
    }
}
