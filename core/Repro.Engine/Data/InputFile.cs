namespace Repro.Engine.Data;

/// <summary>Reading a file a recipe or a checkpoint names: refused, with its path, before it is opened when it cannot be a sound input.</summary>
internal static class InputFile
{
    /// <summary>
    /// The text of <paramref name="path"/>; a <see cref="ReproException"/> when it is missing, a folder, empty, larger than
    /// <paramref name="maxBytes"/>, or not a regular file (a device or a pipe reports no length, and opening a pipe with no
    /// writer would wait for ever).
    /// </summary>
    public static string ReadText(string path, long maxBytes, string what)
    {
        if (Directory.Exists(path)) throw new ReproException($"{what} {path} is a folder, not a file");
        var info = new FileInfo(path);
        if (!info.Exists) throw new ReproException($"{what} not found: {path}");
        if (info.Length == 0) throw new ReproException($"{what} {path} is empty, or not a regular file (a device or a pipe)");
        if (info.Length > maxBytes) throw new ReproException($"{what} {path} is {info.Length:N0} bytes; at most {maxBytes:N0} are read");
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ReproException($"{what} {path} cannot be read: {e.Message}"); }
    }
}
