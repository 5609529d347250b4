using System.Text.Json;

namespace Repro.Engine.Tokenizers;

/// <summary>The settings of a checkpoint's <c>tokenizer_config.json</c> that change BERT token ids.</summary>
public sealed record BertTokenizerConfig(bool Lowercase, bool? StripAccents, bool ChineseChars)
{
    /// <summary>The file's name in a Hugging Face folder.</summary>
    public const string FileName = "tokenizer_config.json";

    /// <summary>Reads <paramref name="path"/>; a missing file means BERT's defaults (uncased).</summary>
    public static BertTokenizerConfig Read(string path)
    {
        if (!File.Exists(path)) return new(true, null, true);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        bool? Flag(string name) => root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return new(Flag("do_lower_case") ?? true, Flag("strip_accents"), Flag("tokenize_chinese_chars") ?? true);
    }
}
