using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Engine.Runs;

/// <summary>
/// One evaluated example's outcome: the gold and predicted label (a class name), value (regression) or tags per word (token
/// classification), and the class probabilities where the model gives them (softmax of its logits, in label order).
/// </summary>
public sealed record PredictionRow(object Gold, object Prediction, float[]? Probabilities = null);

/// <summary>
/// A stage's per-example predictions on one split: <c>stages/&lt;stage&gt;/predictions/&lt;split&gt;.jsonl.gz</c>, one JSON object per
/// example in the split's order (<c>id</c>, <c>gold</c>, <c>prediction</c>, <c>probabilities</c> when given), gzip-compressed.
/// The bytes follow from the rows alone, so a run repeated gives the same file.
/// </summary>
public static class PredictionFile
{
    /// <summary>Writes the rows of <paramref name="ids"/> (same order and count) to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> ids, IReadOnlyList<PredictionRow> rows)
    {
        if (ids.Count != rows.Count) throw new ArgumentException($"{ids.Count} ids for {rows.Count} predictions");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, temp =>
        {
            using var file = File.Create(temp);
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            var newline = "\n"u8.ToArray();
            for (var i = 0; i < rows.Count; i++)
            {
                using (var json = new Utf8JsonWriter(gzip))
                {
                    json.WriteStartObject();
                    json.WriteString("id", ids[i]);
                    json.WritePropertyName("gold");
                    WriteValue(json, rows[i].Gold);
                    json.WritePropertyName("prediction");
                    WriteValue(json, rows[i].Prediction);
                    if (rows[i].Probabilities is { } probabilities)
                    {
                        json.WriteStartArray("probabilities");
                        foreach (var p in probabilities) json.WriteNumberValue(p);
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                gzip.Write(newline);
            }
        });
    }

    /// <summary>The rows of a predictions file, as JSON objects in file order.</summary>
    public static IReadOnlyList<JsonObject> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var rows = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) rows.Add(JsonNode.Parse(line)!.AsObject());
        return rows;
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case double: json.WriteNullValue(); break;
            case IEnumerable<string> tags:
                json.WriteStartArray();
                foreach (var tag in tags) json.WriteStringValue(tag);
                json.WriteEndArray();
                break;
            default: throw new ArgumentException($"a prediction is a label, a value or tags, not {value.GetType().Name}");
        }
    }
}
