using System.Text.Json;
using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>Typed access to a JSON object's fields that names the file and field in every error.</summary>
internal sealed class JsonFields(JsonElement root, string path)
{
    /// <summary>Parses <paramref name="path"/> as one JSON object; a <see cref="PluginInputException"/> naming it otherwise.</summary>
    public static JsonFields Read(string path, long maxBytes)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(CheckpointFile.ReadText(path, maxBytes)).RootElement; }
        catch (JsonException e) { throw new PluginInputException($"{path}: not valid JSON ({e.Message})"); }
        return root.ValueKind == JsonValueKind.Object ? new JsonFields(root, path) : throw new PluginInputException($"{path}: not a JSON object");
    }

    /// <summary>The object itself.</summary>
    public JsonElement Root => root;

    /// <summary>The file it was read from.</summary>
    public string Path => path;

    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private PluginInputException Missing(string name) => new($"{path}: required field '{name}' is missing");

    private PluginInputException Wrong(string name, JsonElement value, string expected) =>
        new($"{path}: field '{name}' must be {expected}, found {value.ValueKind} {value.GetRawText()}");

    public string String(string name, string? fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback ?? throw Missing(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(name, value, "a string");
    }

    public int Int(string name, int? fallback = null)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback ?? throw Missing(name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result)) throw Wrong(name, value, "an integer");
        return result > 0 ? result : throw new PluginInputException($"{path}: field '{name}' must be at least 1, found {result}");
    }

    public double Double(string name, double fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Wrong(name, value, "a number");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Wrong(name, value, "true or false") };
    }
}
