using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Runs;
using Repro.Engine.Statistics;

namespace Repro.Tool.Output;

/// <summary>
/// The line a run or a group ends with (<see cref="PrimaryValues"/>), e.g. <c>test/accuracy: pretrained 0.9004 · scratch
/// 0.5923 · bag-of-words 0.6526</c>; none for a recipe that declares no analysis.
/// </summary>
internal static class Headline
{
    /// <summary>One run's line.</summary>
    public static string? Of(RunResult run) =>
        PrimaryValues.OfRun(run.Directory, run.Metrics) is { } p ? $"{p.Primary}: {Values(p)}" : null;

    /// <summary>A group's line: each stage's mean over its seeds, and where the declared analysis is.</summary>
    public static string? Of(GroupFile group, string path) =>
        PrimaryValues.OfGroup(path, group) is { } p
            ? $"{p.Primary}, mean over {group.Seeds.Count} seed{(group.Seeds.Count == 1 ? "" : "s")}: {Values(p)} (the declared analysis: repro compare {Path.GetRelativePath(Environment.CurrentDirectory, Path.GetDirectoryName(Path.GetFullPath(path))!)})"
            : null;

    private static string Values(PrimaryValues p) => string.Join(" · ", p.Values.Select(v => $"{v.Stage} {Numbers.Metric(v.Value)}"));
}
