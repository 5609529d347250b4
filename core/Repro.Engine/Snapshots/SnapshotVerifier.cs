using System.Globalization;
using System.Text;
using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Snapshots;

/// <summary>The outcome of verifying runs against a recipe's snapshot.</summary>
/// <param name="Comparison">The comparison, or null when there was no verified snapshot yet.</param>
public sealed record Verification(SnapshotComparison? Comparison, string VerifiedPath, string ReceivedPath)
{
    /// <summary>True when a verified snapshot exists and everything matched it.</summary>
    public bool Passed => Comparison?.Passed == true;

    /// <summary>A plain-text report: the table of verdicts and the non-numeric changes.</summary>
    public string Report()
    {
        if (Comparison is null) return $"no snapshot yet: wrote {ReceivedPath}; review it, then accept it with repro accept";
        var rows = Comparison.Metrics.Select(m => new[] { m.Key, Numbers.Exact(m.Verified), Numbers.Exact(m.Received), Numbers.Exact(m.Delta), m.Tolerance, m.Passed ? "pass" : "FAIL" }).ToList();
        rows.Insert(0, ["stage/split/metric", "verified", "received", "delta", "tolerance", "verdict"]);
        var widths = Enumerable.Range(0, 6).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows) text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        foreach (var change in Comparison.Changes) text.AppendLine($"changed: {change}");
        text.Append(Passed ? $"verified against {VerifiedPath}" : $"differs from {VerifiedPath}; wrote {ReceivedPath}");
        return text.ToString();
    }

}

/// <summary>
/// The one verification procedure behind <c>repro verify</c> and Repro.Testing: build the received
/// snapshot from finished runs, compare it with the verified one under the recipe's tolerances, and
/// keep <c>.received.json</c> exactly when something differs.
/// </summary>
public static class SnapshotVerifier
{
    /// <summary>Verifies finished runs (one per seed) of the recipe at <paramref name="recipePath"/>.</summary>
    public static Verification Verify(string recipePath, Recipe recipe, IReadOnlyList<(MetricsFile Metrics, Manifest Manifest)> runs)
    {
        var received = Snapshot.Of(runs);
        var (verifiedPath, receivedPath) = SnapshotFiles.For(recipePath, received.DeviceClass);
        if (!File.Exists(verifiedPath))
        {
            AtomicFile.WriteText(receivedPath, received.ToText());
            return new Verification(null, verifiedPath, receivedPath);
        }
        var comparison = SnapshotComparison.Compare(Snapshot.Read(verifiedPath), received, recipe.Tolerances);
        if (comparison.Passed) File.Delete(receivedPath);
        else AtomicFile.WriteText(receivedPath, received.ToText());
        return new Verification(comparison, verifiedPath, receivedPath);
    }

    /// <summary>The metrics and manifest of a finished run directory; an unfinished one is refused by name.</summary>
    public static (MetricsFile Metrics, Manifest Manifest) ReadRun(string directory)
    {
        var files = new RunFiles(Path.GetFullPath(directory));
        if (!File.Exists(files.Manifest)) throw new ReproException($"{directory} is not a run directory (no manifest.json)");
        if (!files.IsFinished)
            throw new ReproException($"{directory} is an unfinished run (marked INCOMPLETE); finish it with repro run --resume {directory}");
        return (Json.Read<MetricsFile>(files.Metrics),
                Json.Read<Manifest>(files.Manifest));
    }
}
