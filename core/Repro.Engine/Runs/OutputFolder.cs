namespace Repro.Engine.Runs;

/// <summary>Checks, before anything is written, that run directories can be created under a folder given with <c>--out</c>.</summary>
public static class OutputFolder
{
    /// <summary>The full path of a folder given with <paramref name="option"/>; an empty one is refused.</summary>
    public static string FullPath(string path, string option = "--out") =>
        string.IsNullOrWhiteSpace(path) ? throw new ReproException($"{option} is empty; give a folder") : Path.GetFullPath(path);

    /// <summary>
    /// Throws naming <paramref name="option"/> when <paramref name="path"/> is a file, lies under a file, or its nearest existing
    /// folder cannot be written to (tried with a probe folder that is removed at once).
    /// </summary>
    public static void Check(string path, string option = "--out")
    {
        var full = FullPath(path, option);
        if (File.Exists(full)) throw new ReproException($"{option} {path} is a file; give a folder for the run directories");
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new ReproException($"{option} {path} lies under {existing}, which is a file; give a folder for the run directories");
            existing = Path.GetDirectoryName(existing) ?? throw new ReproException($"{option} {path}: no part of it exists");
        }
        var probe = Path.Combine(existing, $".repro-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReproException($"{option} {path} cannot be written to ({existing}: {e.Message})");
        }
    }
}
