using System.IO.Compression;
using System.Text;

namespace Repro.Plugins.Corpora.Gcide;

/// <summary>One dictionary entry: its headword, which occurrence of that headword it is (1, 2, …), and its text.</summary>
internal sealed record GcideEntry(string Headword, int Occurrence, string Text)
{
    public string Id => Occurrence == 1 ? Headword : $"{Headword}~{Occurrence}";
}

/// <summary>
/// Reads a dictd database: <c>gcide.index</c> (headword, offset, length; numbers in dictd's base64) and
/// <c>gcide.dict.dz</c> (dictzip, which is gzip). Index lines that share an offset are one entry (in file order); the
/// <c>00-database-*</c> entries are skipped.
/// </summary>
internal static class GcideReader
{
    private const string Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IReadOnlyList<GcideEntry> Read(string folder)
    {
        var indexPath = Path.Combine(folder, "gcide.index");
        var dataPath = Path.Combine(folder, "gcide.dict.dz");
        if (!File.Exists(dataPath)) throw new InvalidDataException($"{dataPath} is missing; reinstall dict-gcide");
        byte[] data;
        using (var gzip = new GZipStream(File.OpenRead(dataPath), CompressionMode.Decompress))
        using (var memory = new MemoryStream())
        {
            gzip.CopyTo(memory);
            data = memory.ToArray();
        }
        var spans = new SortedDictionary<long, long>();
        var number = 0;
        foreach (var line in File.ReadLines(indexPath))
        {
            number++;
            var f = line.Split('\t');
            if (f.Length < 3) throw new InvalidDataException($"{indexPath} line {number}: expected HEADWORD<TAB>OFFSET<TAB>LENGTH");
            var (offset, length) = (Decode(f[1], indexPath, number), Decode(f[2], indexPath, number));
            if (f[0].StartsWith("00-", StringComparison.Ordinal)) continue;
            if (offset + length > data.Length) throw new InvalidDataException($"{indexPath} line {number}: entry beyond the end of {dataPath}");
            spans.TryAdd(offset, length);
        }
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<GcideEntry>(spans.Count);
        foreach (var (offset, length) in spans)
        {
            var text = Encoding.UTF8.GetString(data, (int)offset, (int)length);
            var headword = Headword(text);
            occurrences[headword] = occurrences.GetValueOrDefault(headword) + 1;
            entries.Add(new GcideEntry(headword, occurrences[headword], text));
        }
        return entries;
    }

    /// <summary>The entry's own headword: its first line up to the pronunciation (<c>Wolf \Wolf\, n.</c> → <c>Wolf</c>).</summary>
    private static string Headword(string text)
    {
        var line = text.TrimStart('\n').Split('\n')[0];
        var cut = line.IndexOf(" \\", StringComparison.Ordinal);
        return (cut > 0 ? line[..cut] : line).Trim();
    }

    /// <summary>A dictd base64 number (most significant digit first).</summary>
    public static long Decode(string digits, string path, int line)
    {
        long value = 0;
        foreach (var c in digits)
        {
            var d = Digits.IndexOf(c);
            if (d < 0) throw new InvalidDataException($"{path} line {line}: '{digits}' is not a dictd base64 number");
            value = value * 64 + d;
        }
        return value;
    }

    /// <summary>The inverse of <see cref="Decode"/> (for writing test fixtures).</summary>
    public static string Encode(long value)
    {
        var digits = new StringBuilder();
        do { digits.Insert(0, Digits[(int)(value % 64)]); value /= 64; } while (value > 0);
        return digits.ToString();
    }
}
