using System.Globalization;

namespace Repro.Plugins.Files;

/// <summary>Picks the columns of a <see cref="ColumnSpec"/> out of TSV or CSV records.</summary>
internal static class DelimitedColumns
{
    /// <summary>
    /// The rows of a delimited file. With a header, columns are looked up by name (exactly, then
    /// ignoring case, then as a 0-based index); without one they must be 0-based indices.
    /// </summary>
    public static IEnumerable<SourceRow> Rows(IEnumerable<RawRecord> records, string path, bool hasHeader, ColumnSpec columns)
    {
        int[]? indices = null;
        int? headerLine = null;
        var rows = 0;
        string[] names = [.. columns.InUse().Select(c => c.Column)];
        if (!hasHeader) indices = [.. columns.InUse().Select(c => IndexWithoutHeader(c.Parameter, c.Column))];
        foreach (var record in records)
        {
            if (indices is null)
            {
                if (record.Error is not null) throw new InvalidDataException($"{path} line {record.Line}: the header is malformed: {record.Error}");
                indices = [.. columns.InUse().Select(c => IndexInHeader(record.Fields, c.Parameter, c.Column, path))];
                headerLine = record.Line;
                continue;
            }
            rows++;
            if (record.Error is not null) { yield return SourceRow.Malformed(record.Line, record.Error); continue; }
            var missing = Array.FindIndex(indices, i => i >= record.Fields.Length);
            if (missing >= 0)
            {
                yield return SourceRow.Malformed(record.Line,
                    $"column '{names[missing]}' (index {indices[missing]}) is missing: the row has {record.Fields.Length} field(s)");
                continue;
            }
            var f = record.Fields;
            yield return columns.IsPair
                ? new SourceRow(record.Line, f[indices[0]], f[indices[1]], f[indices[2]])
                : new SourceRow(record.Line, f[indices[0]], null, f[indices[1]]);
        }
        if (indices is null) throw new InvalidDataException($"{path}: the file is empty; a header was expected (has_header: true)");
        if (headerLine is { } line && rows == 0)
            throw new InvalidDataException($"{path} line {line}: the header is the only row; a split needs at least one example after it");
    }

    private static int IndexWithoutHeader(string parameter, string column) =>
        TryIndex(column) ?? throw new ArgumentException(
            $"{parameter} = '{column}': without a header (has_header: false) columns are 0-based indices such as \"0\" or \"3\"", parameter);

    private static int IndexInHeader(string[] header, string parameter, string column, string path)
    {
        var index = Array.IndexOf(header, column);
        if (index < 0) index = Array.FindIndex(header, h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0 && TryIndex(column) is { } i) index = i;
        return index >= 0 ? index : throw new InvalidDataException(
            $"{path}: {parameter} = '{column}' is not a column of the header (columns: {string.Join(", ", header.Select(h => $"'{h}'"))})");
    }

    private static int? TryIndex(string column) =>
        int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
}
