using System.Text;

namespace Repro.Engine.Data;

/// <summary>Reading a file a recipe, a checkpoint or a command line names: refused, with its path, before it is opened when it cannot be a sound input.</summary>
internal static class InputFile
{
    /// <summary>
    /// The text of <paramref name="path"/>; a <see cref="ReproException"/> when it is missing, a folder, empty, larger than
    /// <paramref name="maxBytes"/>, or not a regular file (a device or a pipe reports no length, and opening a pipe with no
    /// writer would wait for ever).
    /// </summary>
    public static string ReadText(string path, long maxBytes, string what)
    {
        Check(path, maxBytes, what);
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ReproException($"{what} {path} cannot be read: {e.Message}"); }
    }

    /// <summary>
    /// The lines of <paramref name="path"/> (checked as <see cref="ReadText"/> does), read as a stream so that a line longer than
    /// <paramref name="maxLineChars"/> characters, or a file that grows past <paramref name="maxBytes"/> while it is read, is
    /// refused with the file and line before it fills memory.
    /// </summary>
    public static IReadOnlyList<string> ReadLines(string path, long maxBytes, int maxLineChars, string what)
    {
        Check(path, maxBytes, what);
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            var lines = new List<string>();
            var line = new StringBuilder();
            var buffer = new char[1 << 16];
            long total = 0;
            int read;
            while ((read = reader.Read(buffer)) > 0)
            {
                if ((total += read) > maxBytes) throw new ReproException($"{what} {path} grew past {maxBytes:N0} bytes while it was read; at most {maxBytes:N0} are read");
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c == '\n')
                    {
                        lines.Add(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else if (line.Length == maxLineChars)
                        throw new ReproException($"{what} {path} line {lines.Count + 1} is longer than {maxLineChars:N0} characters; give one text per line");
                    else line.Append(c);
                }
            }
            if (line.Length > 0) lines.Add(line.ToString().TrimEnd('\r'));
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ReproException($"{what} {path} cannot be read: {e.Message}"); }
    }

    private static void Check(string path, long maxBytes, string what)
    {
        if (Directory.Exists(path)) throw new ReproException($"{what} {path} is a folder, not a file");
        var info = new FileInfo(path);
        if (!info.Exists) throw new ReproException($"{what} not found: {path}");
        if (info.Length == 0) throw new ReproException($"{what} {path} is empty, or not a regular file (a device or a pipe)");
        if (info.Length > maxBytes) throw new ReproException($"{what} {path} is {info.Length:N0} bytes; at most {maxBytes:N0} are read");
    }
}
