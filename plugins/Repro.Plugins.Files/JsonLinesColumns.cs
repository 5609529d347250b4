using System.Text.Json;

namespace Repro.Plugins.Files;

/// <summary>
/// Rows of a JSON Lines file: one object per line, columns are its keys. Strings are taken as they
/// are, numbers as written (<c>3.5</c>, <c>1</c>), booleans as <c>true</c>/<c>false</c>. Blank lines are skipped.
/// </summary>
internal static class JsonLinesColumns
{
    public static IEnumerable<SourceRow> Rows(TextReader reader, ColumnSpec columns)
    {
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return Row(line, text, columns);
        }
    }

    private static SourceRow Row(int line, string text, ColumnSpec columns)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException e) { return SourceRow.Malformed(line, $"invalid JSON: {e.Message}"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return SourceRow.Malformed(line, $"a JSON object was expected, not {document.RootElement.ValueKind}");
            var values = new List<string>();
            foreach (var (_, column) in columns.InUse())
            {
                if (!document.RootElement.TryGetProperty(column, out var value) || value.ValueKind == JsonValueKind.Null)
                    return SourceRow.Malformed(line, $"key '{column}' is missing");
                switch (value.ValueKind)
                {
                    case JsonValueKind.String: values.Add(value.GetString()!); break;
                    case JsonValueKind.Number: values.Add(value.GetRawText()); break;
                    case JsonValueKind.True: values.Add("true"); break;
                    case JsonValueKind.False: values.Add("false"); break;
                    default: return SourceRow.Malformed(line, $"key '{column}' holds {value.ValueKind}, not a string or number");
                }
            }
            return columns.IsPair ? new SourceRow(line, values[0], values[1], values[2]) : new SourceRow(line, values[0], null, values[1]);
        }
    }
}
