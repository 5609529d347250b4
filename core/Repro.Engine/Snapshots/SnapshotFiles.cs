using Repro.Engine.Runs;

namespace Repro.Engine.Snapshots;

/// <summary>
/// The one place of the received/verified convention: beside <c>recipes/x.yaml</c> live
/// <c>x.verified.json</c> (or a device-specific <c>x.cpu.verified.json</c> / <c>x.cuda.verified.json</c>,
/// preferred when present) and, after a failed verification, <c>x[.device].received.json</c>.
/// Accepting moves received over verified.
/// </summary>
public static class SnapshotFiles
{
    /// <summary>The verified snapshot to compare with (the device-specific one when it exists) and the received path that goes with it.</summary>
    public static (string Verified, string Received) For(string recipePath, string deviceClass)
    {
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recipePath))!, Path.GetFileNameWithoutExtension(recipePath));
        var specific = $"{stem}.{deviceClass}.verified.json";
        return File.Exists(specific)
            ? (specific, $"{stem}.{deviceClass}.received.json")
            : ($"{stem}.verified.json", $"{stem}.received.json");
    }

    /// <summary>Moves every received snapshot of the recipe over its verified one; returns the files accepted.</summary>
    public static IReadOnlyList<string> Accept(string recipePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(recipePath))!;
        var name = Path.GetFileNameWithoutExtension(recipePath);
        var received = Directory.GetFiles(folder, $"{name}.*received.json")
            .Where(f => Path.GetFileName(f) is var n && (n == $"{name}.received.json" || n.Count(c => c == '.') == 3)).ToList();
        if (received.Count == 0)
            throw new ReproException($"nothing to accept: no {name}.received.json beside {recipePath}; run repro verify {recipePath} first");
        foreach (var file in received)
        {
            var verified = file[..^"received.json".Length] + "verified.json";
            AtomicFile.WriteText(verified, File.ReadAllText(file));
            File.Delete(file);
        }
        return received.Select(f => f[..^"received.json".Length] + "verified.json").ToList();
    }
}
