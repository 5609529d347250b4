using Microsoft.ML.Tokenizers;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// LLaMA's SentencePiece BPE from a checkpoint folder's <c>tokenizer.model</c>, encoded by Microsoft.ML.Tokenizers'
/// <c>LlamaTokenizer</c> without its own start and end tokens (the framing adds them). Not checked against
/// SentencePiece itself, which is not installed here: see docs/models.md.
/// </summary>
internal static class SentencePieceLibrary
{
    /// <summary>The library type recorded in the manifest and hashed.</summary>
    public const string Type = "sentencepiece";

    /// <summary>The file it reads.</summary>
    public const string FileName = "tokenizer.model";

    /// <summary>Loads <c>tokenizer.model</c>; the special roles are <paramref name="framing"/>'s tokens found in its pieces.</summary>
    public static LibraryModel Load(string folder, TokenFraming framing)
    {
        var path = Path.Combine(folder, FileName);
        SentencePieceTokenizer tokenizer;
        using (var stream = File.OpenRead(path))
            tokenizer = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        var byId = new Dictionary<int, string>();
        foreach (var (token, id) in tokenizer.Vocabulary.OrderBy(kv => kv.Key, StringComparer.Ordinal)) byId.TryAdd(id, token);
        return new LibraryModel(Type,
            text => tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false),
            byId.Keys.Order().ToArray(),
            LibraryModel.SpecialsIn(tokenizer.Vocabulary, framing),
            [new ManifestFile(Path.GetFullPath(path), FileHash.Of(path))],
            id => byId.GetValueOrDefault(id, ""));
    }
}
