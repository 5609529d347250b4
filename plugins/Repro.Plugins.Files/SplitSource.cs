namespace Repro.Plugins.Files;

/// <summary>One split's file. <paramref name="Parameter"/> names it in errors (e.g. <c>train</c>, or <c>folder</c> for GLUE).</summary>
internal sealed record SplitSource(string Split, string Parameter, string Path);

internal static class DataFiles
{
    /// <summary><paramref name="path"/> resolved against the recipe folder; throws naming the parameter when it does not exist.</summary>
    public static string Resolve(string parameter, string path, string recipeDirectory)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{parameter} must name a data file", parameter);
        var full = System.IO.Path.GetFullPath(path, System.IO.Path.GetFullPath(recipeDirectory));
        return File.Exists(full) ? full : throw new FileNotFoundException(
            $"{parameter} = '{path}': no such file ({full}); relative paths resolve against the recipe folder", full);
    }

    /// <summary>The rows of one file in the given format.</summary>
    public static IEnumerable<SourceRow> Rows(string path, DataFormat format, bool hasHeader, ColumnSpec columns)
    {
        using var reader = new BoundedTextReader(new StreamReader(path, detectEncodingFromByteOrderMarks: true), path);
        var rows = DataFormats.Resolve(format, path) switch
        {
            DataFormat.Tsv => DelimitedColumns.Rows(TsvReader.Read(reader), path, hasHeader, columns),
            DataFormat.Csv => DelimitedColumns.Rows(CsvReader.Read(reader), path, hasHeader, columns),
            _ => JsonLinesColumns.Rows(reader, columns),
        };
        foreach (var row in rows) yield return row;
    }
}
