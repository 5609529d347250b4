using System.Text;

namespace Repro.Plugins.Files;

/// <summary>
/// Comma-separated records with RFC 4180 quoting: a field in double quotes may hold commas, line
/// breaks and doubled quotes (<c>""</c>). A quote inside an unquoted field, text after a closing quote
/// or an unterminated quote makes the record malformed; reading resumes on the next line. Blank
/// lines are skipped; <c>\r\n</c> and <c>\n</c> both end a record.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<RawRecord> Read(TextReader reader)
    {
        var line = 1;
        var field = new StringBuilder();
        while (reader.Peek() >= 0)
        {
            var start = line;
            var fields = new List<string>();
            string? error = null;
            var endOfRecord = false;
            while (!endOfRecord && error is null)
            {
                field.Clear();
                if (reader.Peek() == '"')
                {
                    reader.Read();
                    var closed = false;
                    while (!closed)
                    {
                        var c = reader.Read();
                        if (c < 0) { error = "unterminated quoted field"; break; }
                        if (c == '\n') line++;
                        if (c != '"') { field.Append((char)c); continue; }
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else closed = true;
                    }
                    if (error is not null) break;
                    var next = reader.Read();
                    if (next == '\r' && reader.Peek() == '\n') next = reader.Read();
                    if (next == ',') { fields.Add(field.ToString()); continue; }
                    if (next is '\n' or -1)
                    {
                        if (next == '\n') line++;
                        fields.Add(field.ToString());
                        endOfRecord = true;
                        continue;
                    }
                    error = $"unexpected '{(char)next}' after a closing quote (quotes inside a quoted field are doubled: \"\")";
                    SkipLine(reader, ref line);
                    break;
                }
                while (true)
                {
                    var c = reader.Read();
                    if (c == '\r' && reader.Peek() == '\n') c = reader.Read();
                    if (c == ',') { fields.Add(field.ToString()); break; }
                    if (c is '\n' or -1)
                    {
                        if (c == '\n') line++;
                        fields.Add(field.ToString());
                        endOfRecord = true;
                        break;
                    }
                    if (c == '"')
                    {
                        error = "a quote inside an unquoted field (quote the whole field and double inner quotes)";
                        SkipLine(reader, ref line);
                        break;
                    }
                    field.Append((char)c);
                }
            }
            if (error is not null) yield return new RawRecord(start, [], error);
            else if (fields is not [""]) yield return new RawRecord(start, [.. fields]);
        }
    }

    private static void SkipLine(TextReader reader, ref int line)
    {
        int c;
        while ((c = reader.Read()) >= 0 && c != '\n') { }
        if (c == '\n') line++;
    }
}
