using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Repro.Engine.Runs;

/// <summary>The one JSON style of run files: indented, camelCase-free snake keys as given, LF endings, stable order.</summary>
public static class Json
{
    /// <summary>Options for every file Repro writes.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // A damaged file is refused by name and field: a constructor parameter without a default must be present, and a
        // non-nullable one must not be null (a seed record edited to {} is not seed 0).
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Single-line variant for JSON Lines logs.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary>Serializes with <see cref="Options"/> and a final newline.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>
    /// Reads a file Repro wrote: the one reader of run, group, cache and checkpoint files. A file that is missing, unreadable,
    /// malformed or null is a <see cref="Engine.ReproException"/> naming it, never a parser's stack trace.
    /// </summary>
    public static T Read<T>(string path, string? what = null)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(Data.InputFile.ReadText(path, MaxBytes, what ?? typeof(T).Name), Options) ?? throw new JsonException("it holds null");
            return NullElements.Find(value) is { } field ? throw new Engine.ReproException($"{path} is not a valid {what ?? typeof(T).Name}: '{field}' is null") : value;
        }
        catch (JsonException e) { throw new Engine.ReproException($"{path} is not a valid {what ?? typeof(T).Name} (line {e.LineNumber + 1}): {e.Message}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new Engine.ReproException($"cannot read {path}: {e.Message}"); }
    }

    /// <summary>The largest file <see cref="Read{T}"/> reads (a device, a pipe or a larger file is refused before it is read).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> atomically.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteText(path, Serialize(value));
}
