using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>One split's file. <paramref name="Parameter"/> names it in errors (e.g. <c>train</c>, or <c>folder</c> for GLUE).</summary>
internal sealed record SplitSource(string Split, string Parameter, string Path);

internal static class DataFiles
{
    /// <summary>
    /// <paramref name="path"/> resolved against the recipe folder; a <see cref="ParameterException"/> (reported at the parameter's
    /// recipe line) when it is missing, a folder, or empty. A device or a pipe reports no length either, so it is refused
    /// before it is opened (opening a pipe with no writer would wait for ever).
    /// </summary>
    public static string Resolve(string parameter, string path, string recipeDirectory)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ParameterException(parameter, $"{parameter} must name a data file");
        var full = System.IO.Path.GetFullPath(path, System.IO.Path.GetFullPath(recipeDirectory));
        if (Directory.Exists(full)) throw new ParameterException(parameter, $"{parameter} = '{path}' is a folder ({full}); give a data file");
        if (!File.Exists(full))
            throw new ParameterException(parameter, $"{parameter} = '{path}': no such file ({full}); relative paths resolve against the recipe folder");
        if (new FileInfo(full).Length == 0)
            throw new ParameterException(parameter, $"{parameter} = '{path}' is empty, or not a regular file (a device or a pipe): {full}");
        return full;
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
