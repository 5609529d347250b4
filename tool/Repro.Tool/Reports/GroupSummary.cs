using System.Globalization;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Tool.Reports;

/// <summary>One metric of a group across seeds: <c>metrics["stage/split/metric"]</c> of <c>group.json</c>.</summary>
internal sealed record GroupMetric(string Stage, string Split, string Name, IReadOnlyDictionary<long, double> Seeds, double Mean, double? Std, double? CiLow, double? CiHigh);

/// <summary>
/// A group as the report shows it: the engine's <see cref="GroupFile"/> (read and checked there, the one reader of group.json)
/// with each seed's run directory made absolute, each metric's key split into stage, split and name, and no std for a metric of one seed.
/// </summary>
internal sealed record GroupSummary(string Path, GroupFile File, IReadOnlyList<GroupMetric> Metrics)
{
    /// <summary>The recipe's id.</summary>
    public string Recipe => File.Recipe;
    /// <summary>The seeds, in order.</summary>
    public IReadOnlyList<long> Seeds => File.Seeds;
    /// <summary>A sweep's choice of configuration per stage, or null.</summary>
    public SweepResult? Sweep => File.Sweep;
    /// <summary>Each seed's run directory, absolute.</summary>
    public IReadOnlyDictionary<long, string> Runs => Absolute(File.Runs);

    /// <summary>The run directories behind <paramref name="stage"/>'s metrics: in a sweep, those of the configuration chosen for it.</summary>
    public IReadOnlyDictionary<long, string> RunsOf(string stage) => Absolute(File.RunsOf(stage));

    private Dictionary<long, string> Absolute(IReadOnlyDictionary<string, string> runs) =>
        runs.ToDictionary(p => long.Parse(p.Key, CultureInfo.InvariantCulture), p => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, p.Value)));

    /// <summary>Reads the group file at <paramref name="path"/>; a damaged one is bad input naming the file and the field.</summary>
    public static GroupSummary Read(string path)
    {
        var file = GroupFile.Read(path);
        return new GroupSummary(path, file, [.. file.Metrics.Select(m => (Key: MetricKey.Parse(m.Key), m.Value)).Select(m => new GroupMetric(m.Key.Stage, m.Key.Split, m.Key.Metric,
            m.Value.Seeds.ToDictionary(p => long.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value), m.Value.Mean,
            m.Value.Seeds.Count > 1 ? m.Value.Std : null, m.Value.Ci95?[0], m.Value.Ci95?[1]))]);
    }
}
