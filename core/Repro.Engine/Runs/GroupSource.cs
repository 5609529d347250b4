using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>
/// What <c>repro compare</c> accepts as a group: a <c>group.json</c>, a folder holding one, a finished run
/// directory (a one-seed group), or a folder of finished run directories of one recipe (unfinished ones skipped).
/// </summary>
public static class GroupSource
{
    /// <summary>The group at <paramref name="path"/>.</summary>
    public static GroupFile Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return GroupFile.Read(full);
        if (!Directory.Exists(full)) throw new ReproException($"{path} does not exist; give a group.json, a group folder or a run directory");
        if (File.Exists(Path.Combine(full, GroupFile.FileName))) return GroupFile.Read(Path.Combine(full, GroupFile.FileName));
        var kind = FolderKinds.Of(full);
        if (kind == FolderKind.Run) return OfRuns(full, [full]);
        if (kind is FolderKind.Group or FolderKind.Sweep)
            throw new ReproException($"{path} is a {FolderKinds.Name(kind)} folder that has not finished (no {GroupFile.FileName}); repro status {path} shows where it stands");
        var children = Directory.GetDirectories(full).Order(StringComparer.Ordinal)
            .Where(d => new RunFiles(d).IsFinished).ToList();
        if (children.Count == 0)
            throw new ReproException($"{path} holds no group.json, is no run directory and contains no finished run directories");
        return OfRuns(full, children);
    }

    private static GroupFile OfRuns(string folder, IReadOnlyList<string> directories)
    {
        var runs = directories.Select(d => (Directory: d, Metrics: ReadMetrics(d))).ToList();
        var recipes = runs.Select(r => r.Metrics.Recipe).Distinct().ToList();
        if (recipes.Count > 1)
            throw new ReproException($"{folder} holds runs of several recipes ({string.Join(", ", recipes)}); give one recipe's folder or a group.json");
        var recipePath = "";
        var manifest = new RunFiles(runs[0].Directory).Manifest;
        if (File.Exists(manifest)) recipePath = Json.Read<Manifest>(manifest).Recipe.Path;
        return GroupFile.Of(recipes[0], recipePath, folder, runs);
    }

    private static MetricsFile ReadMetrics(string directory)
    {
        var files = new RunFiles(directory);
        if (!files.IsFinished)
            throw new ReproException($"{directory} is an unfinished run (marked INCOMPLETE); finish it with repro run --resume {directory}");
        try
        {
            return Json.Read<MetricsFile>(files.Metrics);
        }
        catch (JsonException e)
        {
            throw new ReproException($"{files.Metrics} is not a valid metrics file: {e.Message}");
        }
    }
}
