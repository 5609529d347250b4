namespace Repro.Plugins.Files;

/// <summary>How a data file is laid out.</summary>
public enum DataFormat
{
    /// <summary>By extension: <c>.tsv</c>/<c>.txt</c> → tsv, <c>.csv</c> → csv, <c>.jsonl</c>/<c>.ndjson</c>/<c>.json</c> → jsonl.</summary>
    Auto,
    /// <summary>Tab-separated, one record per line, no quoting (as GLUE and Python's <c>csv</c> with <c>quotechar=None</c>).</summary>
    Tsv,
    /// <summary>Comma-separated with RFC 4180 quoting (<c>"a, ""quoted"" text"</c>; quoted fields may span lines).</summary>
    Csv,
    /// <summary>JSON Lines: one JSON object per line; columns are its keys.</summary>
    Jsonl,
}

internal static class DataFormats
{
    /// <summary>The format of <paramref name="path"/>: <paramref name="format"/> unless it is <see cref="DataFormat.Auto"/>.</summary>
    public static DataFormat Resolve(DataFormat format, string path)
    {
        if (format != DataFormat.Auto) return format;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".tsv" or ".txt" => DataFormat.Tsv,
            ".csv" => DataFormat.Csv,
            ".jsonl" or ".ndjson" or ".json" => DataFormat.Jsonl,
            var ext => throw new ArgumentException(
                $"format = auto cannot tell the format of '{path}' from its extension '{ext}'; use .tsv, .csv or .jsonl, or set format: tsv | csv | jsonl",
                "format"),
        };
    }
}
