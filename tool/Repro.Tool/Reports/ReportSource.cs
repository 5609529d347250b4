using System.Text.Json;
using Repro.Engine;

namespace Repro.Tool.Reports;

/// <summary>What <c>repro report</c> was pointed at: one run directory, or a multi-seed group (its <c>group.json</c>).</summary>
internal sealed record ReportSource(string Path, bool IsGroup)
{
    /// <summary>Resolves a run directory, a <c>group.json</c> or a folder holding one; anything else is bad input naming the path.</summary>
    public static ReportSource Resolve(string argument)
    {
        var path = System.IO.Path.GetFullPath(argument);
        if (File.Exists(path))
        {
            if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !LooksLikeGroup(path))
                throw new ReproException($"{argument}: not a group file; give a run directory, a group.json or the folder holding one");
            return new ReportSource(path, IsGroup: true);
        }
        if (!Directory.Exists(path))
            throw new ReproException($"{argument}: no such file or folder");
        var group = System.IO.Path.Combine(path, "group.json");
        if (File.Exists(group)) return new ReportSource(group, IsGroup: true);
        if (File.Exists(System.IO.Path.Combine(path, "manifest.json")) && File.Exists(System.IO.Path.Combine(path, "metrics.json")))
            return new ReportSource(path, IsGroup: false);
        throw new ReproException($"{argument}: neither a run directory (manifest.json and metrics.json) nor a group (group.json)");
    }

    private static bool LooksLikeGroup(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("runs", out _) && doc.RootElement.TryGetProperty("metrics", out _);
        }
        catch (JsonException e)
        {
            throw new ReproException($"{path}: not valid JSON ({e.Message})");
        }
    }
}
