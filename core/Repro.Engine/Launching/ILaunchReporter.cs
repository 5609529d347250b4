using Repro.Engine.Execution;
using Repro.Engine.Runs;

namespace Repro.Engine.Launching;

/// <summary>What a front end shows of a launch: progress of runs in this process, lines, and the results as they are written.</summary>
public interface ILaunchReporter
{
    /// <summary>Runs <paramref name="work"/> with an observer that shows its progress.</summary>
    T Progress<T>(Func<IRunObserver, T> work);
    /// <summary>A line of text.</summary>
    void Line(string text);
    /// <summary>Runs that finished in this process.</summary>
    void Runs(IReadOnlyList<RunResult> results);
    /// <summary>A group's <c>group.json</c> was written to <paramref name="path"/>.</summary>
    void Group(GroupFile group, string path);
}
