using System.Globalization;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>
/// The per-example predictions behind a group's metrics (<see cref="PredictionFile"/>), read as each test item's
/// linearized score per seed (<see cref="ItemMetric"/>) for the seeds × items interval (<see cref="SeedsByItems"/>). Each
/// file's metric is recomputed and must equal the one the run reported: predictions that disagree with their metrics are an
/// error, never a silent interval.
/// </summary>
/// <param name="path">The group's <c>group.json</c> or its folder.</param>
/// <param name="group">The group read from it.</param>
public sealed class GroupPredictions(string path, GroupFile group)
{
    /// <summary>What the scores were recomputed to within: the run's metric is written from the same predictions in double precision.</summary>
    public const double Tolerance = 1e-9;

    private readonly string _folder = File.Exists(Path.GetFullPath(path)) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);

    /// <summary>
    /// The seeds × items estimate of B − A on <paramref name="split"/>'s <paramref name="metric"/> over <paramref name="units"/>
    /// (stage <paramref name="stageA"/> of <paramref name="a"/> against <paramref name="stageB"/> of <paramref name="b"/>; each unit
    /// one seed, or a cluster of seeds whose item differences are averaged, <see cref="SeedClusters"/>), or null with the reason
    /// when there are fewer than two units, any seed has no predictions, the metric has no per-item form, or the sides or
    /// seeds scored different items.
    /// </summary>
    public static MeanEstimate? Estimate(GroupPredictions a, string stageA, GroupPredictions b, string stageB, string split, string metric,
        IReadOnlyList<IReadOnlyList<long>> units, out string? reason)
    {
        reason = null;
        if (units.Count < 2) { reason = units.Count == 1 && units[0].Count > 1 ? "one cluster of seeds" : "one paired seed"; return null; }
        var rows = new List<IReadOnlyList<double>>();
        IReadOnlyList<string>? items = null;
        foreach (var unit in units)
        {
            var unitRows = new List<double[]>();
            foreach (var seed in unit)
            {
                var scoresA = a.Scores(stageA, split, metric, seed, out var idsA, out reason);
                if (scoresA is null) return null;
                var scoresB = b.Scores(stageB, split, metric, seed, out var idsB, out reason);
                if (scoresB is null) return null;
                if (!idsA!.SequenceEqual(idsB!)) { reason = $"'{stageA}' and '{stageB}' were scored on different {split} examples (seed {seed})"; return null; }
                if (items is not null && !items.SequenceEqual(idsA!)) { reason = $"the seeds were scored on different {split} examples"; return null; }
                items = idsA;
                unitRows.Add([.. scoresB.Zip(scoresA, (y, x) => y - x)]);
            }
            rows.Add(unitRows.Count == 1 ? unitRows[0] : [.. Enumerable.Range(0, unitRows[0].Length).Select(i => unitRows.Average(r => r[i]))]);
        }
        return SeedsByItems.Of(rows);
    }

    /// <summary>
    /// The nested stages (<c>seed: { nested: K }</c>) that <paramref name="stage"/>'s result depends on in <paramref name="seed"/>'s
    /// run, with their seeds, as its manifest recorded them; null when none, or when the run or its manifest is not there.
    /// </summary>
    public IReadOnlyDictionary<string, long>? NestedSeeds(string stage, long seed)
    {
        if (!group.RunsOf(stage).TryGetValue(seed.ToString(CultureInfo.InvariantCulture), out var relative)) return null;
        var manifest = new RunFiles(Path.GetFullPath(Path.Combine(_folder, relative))).Manifest;
        if (!_manifests.TryGetValue(manifest, out var read))
            _manifests[manifest] = read = File.Exists(manifest) ? Json.Read<ManifestNesting>(manifest, "manifest") : null;
        return read?.Stages?.GetValueOrDefault(stage)?.NestedSeeds;
    }

    private readonly Dictionary<string, ManifestNesting?> _manifests = [];

    // The part of a manifest that says which nested stages each stage depends on (manifests of every format have it or not).
    private sealed record ManifestNesting(IReadOnlyDictionary<string, StageNesting>? Stages = null);

    private sealed record StageNesting(IReadOnlyDictionary<string, long>? NestedSeeds = null);

    // A stage's scores are read once, whichever comparisons and splits of the analysis name it again.
    private readonly Dictionary<(string, string, string, long), (double[]? Scores, IReadOnlyList<string>? Ids, string? Reason)> _read = [];

    private double[]? Scores(string stage, string split, string metric, long seed, out IReadOnlyList<string>? ids, out string? reason)
    {
        if (!_read.TryGetValue((stage, split, metric, seed), out var read))
            _read[(stage, split, metric, seed)] = read = (Read(stage, split, metric, seed, out var readIds, out var why), readIds, why);
        (ids, reason) = (read.Ids, read.Reason);
        return read.Scores;
    }

    private double[]? Read(string stage, string split, string metric, long seed, out IReadOnlyList<string>? ids, out string? reason)
    {
        ids = null;
        var key = seed.ToString(CultureInfo.InvariantCulture);
        if (!group.RunsOf(stage).TryGetValue(key, out var relative)) { reason = $"seed {seed} has no run of '{stage}'"; return null; }
        var files = new RunFiles(Path.GetFullPath(Path.Combine(_folder, relative)));
        var file = files.Predictions(stage, split);
        if (!File.Exists(file)) { reason = "the runs have no per-example predictions: they were made before Repro recorded them"; return null; }
        var record = Path.Combine(files.Stage(stage), StageRecord.FileName);
        var labels = File.Exists(record) ? Json.Read<StageRecord>(record).Labels : null;
        var itemMetric = ItemMetric.Of(metric, labels, out reason);
        if (itemMetric is null) return null;
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> content;
        try { content = PredictionFile.Read(file); }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
        { throw new ReproException($"{file} is not a readable predictions file (gzip-compressed JSON lines): {e.Message}"); }
        if (content.Count < 2) { reason = $"{file} has fewer than two examples"; return null; }
        double value;
        double[] scores;
        try { (value, scores) = itemMetric.Scores(content); }
        catch (ReproException e) { throw new ReproException($"{file}: {e.Message}"); }
        var reported = group.Metrics.GetValueOrDefault(new MetricKey(stage, split, metric).ToString())?.Seeds.GetValueOrDefault(key);
        if (reported is { } r && Math.Abs(r - value) > Tolerance)
            throw new ReproException($"{file}: the predictions give {metric} {value.ToString("R", CultureInfo.InvariantCulture)}, " +
                                     $"the run reported {r.ToString("R", CultureInfo.InvariantCulture)}; the file does not belong to this run's metrics");
        ids = [.. content.Select(row => row["id"]?.ToString() ?? "")];
        reason = null;
        return scores;
    }
}
