namespace Repro.Engine.Runs;

/// <summary>
/// The one rule for every path a user names for output (<c>run --out</c>, <c>export --out</c>, <c>compare --markdown</c>,
/// <c>verify --junit</c>, <c>report --out</c>): checked before any work or printing starts, so a refusal costs nothing and
/// writes nothing. A path is refused when it is empty, is the wrong kind of thing (a folder where a file is written, a file
/// where a folder is), lies under a file, or its nearest existing folder cannot be written to (tried with a probe folder
/// that is removed at once). Each check returns the full path to write.
/// </summary>
public static class OutputPath
{
    /// <summary>A file to write (replaced if it exists); its folder is created when it is written.</summary>
    public static string File(string path, string option)
    {
        var full = Full(path, option, "a file");
        if (Directory.Exists(full)) throw new ReproException($"{option} {path} is a folder; name a file to write");
        Writable(path, Path.GetDirectoryName(full)!, option, "a file to write");
        return full;
    }

    /// <summary>A folder to write into, which may exist already (<paramref name="what"/> says what goes in it).</summary>
    public static string Folder(string path, string option, string what)
    {
        var full = Full(path, option, "a folder");
        if (System.IO.File.Exists(full)) throw new ReproException($"{option} {path} is a file; give a folder for {what}");
        Writable(path, full, option, $"a folder for {what}");
        return full;
    }

    /// <summary>A folder that must not exist yet, or be empty, because it is written whole (an export).</summary>
    public static string NewFolder(string path, string option)
    {
        var full = Full(path, option, "a new folder");
        if (System.IO.File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
            throw new ReproException($"{option} {path} exists and is not an empty folder; name a new folder");
        Writable(path, full, option, "a new folder");
        return full;
    }

    private static string Full(string path, string option, string what) =>
        string.IsNullOrWhiteSpace(path) ? throw new ReproException($"{option} is empty; give {what}") : Path.GetFullPath(path);

    /// <summary>Throws when <paramref name="target"/> (a folder, existing or to be created) lies under a file or cannot be created.</summary>
    private static void Writable(string path, string target, string option, string what)
    {
        var existing = target;
        while (!Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing)) throw new ReproException($"{option} {path} lies under {existing}, which is a file; give {what}");
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
