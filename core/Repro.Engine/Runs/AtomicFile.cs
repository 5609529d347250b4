using System.Text;

namespace Repro.Engine.Runs;

/// <summary>Writes files so a reader sees the old content or the new, never half of it: temp file, flush, rename.</summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no BOM) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new UTF8Encoding(false)));

    /// <summary>Runs <paramref name="writeTemp"/> on a temp path beside <paramref name="path"/>, flushes it to disk, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTemp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            writeTemp(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
