using System.Text.Json;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// The BERT settings of a Hugging Face checkpoint folder's <c>tokenizer_config.json</c>, with Hugging Face's
/// defaults for a missing (or null) field; pass them to <see cref="WordPieceLibrary.Load"/>.
/// </summary>
/// <param name="Lowercase"><c>do_lower_case</c> (default true).</param>
/// <param name="StripAccents"><c>strip_accents</c>: true, false or null (default: strip when lower-casing).</param>
/// <param name="ChineseChars"><c>tokenize_chinese_chars</c> (default true).</param>
internal sealed record BertTokenizerConfig(bool Lowercase = true, bool? StripAccents = null, bool ChineseChars = true)
{
    /// <summary>The file's name in a Hugging Face folder.</summary>
    public const string FileName = "tokenizer_config.json";

    /// <summary>The settings of a checkpoint folder: its <see cref="FileName"/>, or BERT's defaults when it has none.</summary>
    public static BertTokenizerConfig OfFolder(string folder) =>
        File.Exists(Path.Combine(folder, FileName)) ? Read(Path.Combine(folder, FileName)) : new();

    /// <summary>Reads <paramref name="path"/>; a file that is not a JSON object, or a field that is not a boolean, is a <see cref="ReproException"/>.</summary>
    public static BertTokenizerConfig Read(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(Data.InputFile.ReadText(path, 1 << 20, "the tokenizer settings")); }
        catch (JsonException e) { throw new ReproException($"{path}: not valid JSON ({e.Message})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ReproException($"{path}: a tokenizer_config.json holds a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            return new BertTokenizerConfig(
                Flag(root, path, "do_lower_case") ?? true,
                Flag(root, path, "strip_accents"),
                Flag(root, path, "tokenize_chinese_chars") ?? true);
        }
    }

    private static bool? Flag(JsonElement root, string path, string field) =>
        !root.TryGetProperty(field, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new ReproException($"{path}: {field} must be true, false or null, not {value.GetRawText()}"),
        };
}
