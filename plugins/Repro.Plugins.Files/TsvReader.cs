namespace Repro.Plugins.Files;

/// <summary>Tab-separated records: one per line, fields split at every tab, no quoting; blank lines are skipped.</summary>
internal static class TsvReader
{
    public static IEnumerable<RawRecord> Read(TextReader reader)
    {
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            yield return new RawRecord(line, text.Split('\t'));
        }
    }
}
