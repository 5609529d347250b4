using System.Text.Json;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// The tokenizer a Hugging Face folder supplies (<c>tokenizer: { from: model }</c>), chosen by its <c>config.json</c>
/// <c>model_type</c>: <c>roberta</c> and <c>gpt2</c> read byte-level BPE (<c>vocab.json</c> + <c>merges.txt</c>, or
/// <c>tokenizer.json</c>), <c>llama</c> SentencePiece (<c>tokenizer.model</c>), anything else BERT's WordPiece
/// (<c>vocab.txt</c> + <c>tokenizer_config.json</c>). The framing follows the same model type.
/// </summary>
internal static class CheckpointTokenizer
{
    /// <summary>The framing of the folder's model type (<see cref="TokenFraming.Bert"/> for any type but roberta, gpt2 and llama).</summary>
    public static TokenFraming FramingOf(string folder) => ModelType(folder) switch
    {
        "roberta" => TokenFraming.Roberta,
        "gpt2" => TokenFraming.Gpt2,
        "llama" => TokenFraming.Llama,
        _ => TokenFraming.Bert,
    };

    /// <summary>What the folder lacks to supply its tokenizer, or null when it has it all.</summary>
    public static string? Missing(string folder) => FramingOf(folder).Name switch
    {
        "roberta" or "gpt2" => ByteLevelBpeLibrary.FilesIn(folder) is null ? "vocab.json and merges.txt (or tokenizer.json)" : null,
        "llama" => File.Exists(Path.Combine(folder, SentencePieceLibrary.FileName)) ? null : SentencePieceLibrary.FileName,
        _ => File.Exists(Path.Combine(folder, "vocab.txt")) ? null : "vocab.txt",
    };

    /// <summary>The message for a folder that lacks <paramref name="missing"/>, naming its model type (which decides the files needed).</summary>
    public static string Lacks(string folder, string missing) =>
        $"tokenizer.from: model: the checkpoint {folder} has no {missing}" + (ModelType(folder) is { } type ? $" (its config.json model_type is {type})" : "");

    /// <summary>The names of the tokenizer files a folder of this model type is read for (hashed with the checkpoint), present or not.</summary>
    public static IReadOnlyList<string> FilesRead(string folder) => FramingOf(folder).Name switch
    {
        "roberta" or "gpt2" => ["merges.txt", "tokenizer.json", "tokenizer_config.json", "vocab.json"],
        "llama" => [SentencePieceLibrary.FileName, "tokenizer_config.json"],
        _ => ["tokenizer_config.json", "vocab.txt"],
    };

    /// <summary>The folder's tokenizer model, whether it lower-cases, and its framing.</summary>
    public static (LibraryModel Model, bool Lowercase, TokenFraming Framing) Load(string folder)
    {
        var framing = FramingOf(folder);
        if (Missing(folder) is { } missing) throw new ReproException(Lacks(folder, missing));
        try
        {
            if (framing == TokenFraming.Roberta || framing == TokenFraming.Gpt2) return (ByteLevelBpeLibrary.Load(folder, framing), false, framing);
            if (framing == TokenFraming.Llama) return (SentencePieceLibrary.Load(folder, framing), false, framing);
        }
        catch (Exception e) when (e is not ReproException and not OutOfMemoryException)
        {
            throw new ReproException($"tokenizer.from: model: the tokenizer files of {folder} could not be loaded: {e.Message}");
        }
        var config = BertTokenizerConfig.OfFolder(folder);
        return (WordPieceLibrary.Load(Path.Combine(folder, "vocab.txt"), config.Lowercase, config.StripAccents, config.ChineseChars), config.Lowercase, framing);
    }

    /// <summary><c>config.json</c>'s <c>model_type</c>, or null when the file, the field or valid JSON is missing (the model plugin reports those).</summary>
    public static string? ModelType(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(Data.InputFile.ReadText(path, 1 << 20, "the model configuration"));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("model_type", out var type)
                && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException) { return null; }
    }
}
