using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// GPT-2's and RoBERTa's byte-level BPE from a checkpoint folder: <c>vocab.json</c> + <c>merges.txt</c>, or the BPE
/// model of <c>tokenizer.json</c> when only that is there. Encoded by Microsoft.ML.Tokenizers' <c>BpeTokenizer</c> at byte
/// level with GPT-2's pre-tokenization pattern (no prefix space, no added start or end token), checked against OpenAI's
/// <c>encoder.py</c> rules by tests/reference/bytelevel_bpe.py on the UCI sentences and edge cases.
/// Special tokens written in the text are not recognised: they are spelled as bytes, as <c>encoder.py</c> does.
/// </summary>
internal static class ByteLevelBpeLibrary
{
    /// <summary>The library type recorded in the manifest and hashed.</summary>
    public const string Type = "bytelevel_bpe";

    /// <summary>Loads the folder's files; the special roles are <paramref name="framing"/>'s tokens found in the vocabulary.</summary>
    public static LibraryModel Load(string folder, TokenFraming framing)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        if (File.Exists(vocabPath) && File.Exists(mergesPath))
            return Create(ReadVocab(vocabPath), ReadMerges(mergesPath), framing, [Recorded(vocabPath), Recorded(mergesPath)]);
        var jsonPath = Path.Combine(folder, "tokenizer.json");
        var (vocab, merges) = FromTokenizerJson(jsonPath);
        return Create(vocab, merges, framing, [Recorded(jsonPath)]);
    }

    /// <summary>GPT-2's pre-tokenization pattern (OpenAI's encoder.py).</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The byte-level BPE of a vocabulary (token → id) and merges (<c>a b</c>, by priority); <paramref name="pattern"/> is for tests that prove a wrong one is caught.</summary>
    internal static LibraryModel Create(IReadOnlyDictionary<string, int> vocab, IReadOnlyList<string> merges, TokenFraming framing, IReadOnlyList<ManifestFile> files,
        string pattern = Pattern)
    {
        var tokenizer = BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.CultureInvariant), null),
        });
        var byId = new Dictionary<int, string>();
        foreach (var (token, id) in vocab.OrderBy(kv => kv.Key, StringComparer.Ordinal)) byId.TryAdd(id, token);
        return new LibraryModel(Type,
            text => tokenizer.EncodeToIds(text),
            byId.Keys.Order().ToArray(),
            LibraryModel.SpecialsIn(vocab, framing),
            files,
            id => byId.GetValueOrDefault(id, ""),
            Implementation);
    }

    /// <summary>Recorded in manifests and hashed with the ids: a change to the pattern or the library that can change an id bumps it.</summary>
    public static string Implementation { get; } = $"{LibraryModel.LibraryName} BpeTokenizer, byte level, Repro's GPT-2 pattern 1";

    /// <summary>vocab.json: one JSON object, token → id.</summary>
    internal static Dictionary<string, int> ReadVocab(string path)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, int>>(Data.InputFile.ReadText(path, 256 << 20, "the vocabulary file")) ?? throw new JsonException("it holds null"); }
        catch (JsonException e) { throw new ReproException($"{path}: not a JSON object of token → id ({e.Message})"); }
    }

    /// <summary>merges.txt: one merge <c>a b</c> a line, by priority; a first <c>#version</c> line and empty lines are skipped.</summary>
    internal static List<string> ReadMerges(string path)
    {
        var lines = Data.InputFile.ReadText(path, 256 << 20, "the merges file").Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[0].StartsWith("#version", StringComparison.Ordinal)) lines.RemoveAt(0);
        return lines.Where(l => l.Length > 0).ToList();
    }

    /// <summary>The files a folder supplies the tokenizer with, or null when it has neither pair nor tokenizer.json.</summary>
    public static string[]? FilesIn(string folder) =>
        File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")) ? ["vocab.json", "merges.txt"]
        : File.Exists(Path.Combine(folder, "tokenizer.json")) ? ["tokenizer.json"] : null;

    /// <summary>
    /// The vocabulary and merges of a <c>tokenizer.json</c> whose model is BPE (merges written <c>"a b"</c> or
    /// <c>["a", "b"]</c>); its added tokens join the vocabulary.
    /// </summary>
    internal static (Dictionary<string, int> Vocab, List<string> Merges) FromTokenizerJson(string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(Data.InputFile.ReadText(path, 256 << 20, "the tokenizer file")); }
        catch (JsonException e) { throw new ReproException($"{path}: not valid JSON ({e.Message})"); }
        if (root?["model"] is not JsonObject { } model || (string?)model["type"] is not "BPE" || model["vocab"] is not JsonObject vocab || model["merges"] is not JsonArray merges)
            throw new ReproException($"{path}: Repro reads a tokenizer.json whose model is BPE with vocab and merges; supply vocab.json and merges.txt instead");
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in vocab) tokens[token] = Id(id, path);
        if (root["added_tokens"] is JsonArray added)
            foreach (var entry in added.OfType<JsonObject>())
                if ((string?)entry["content"] is { } content) tokens.TryAdd(content, Id(entry["id"], path));
        var lines = merges.Select(merge => merge switch
        {
            JsonArray { Count: 2 } pair => $"{(string?)pair[0]} {(string?)pair[1]}",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw new ReproException($"{path}: model.merges holds {merge?.ToJsonString()}, neither \"a b\" nor [\"a\", \"b\"]"),
        }).ToList();
        return (tokens, lines);
    }

    private static int Id(JsonNode? id, string path) =>
        id is JsonValue value && value.TryGetValue<int>(out var n) ? n : throw new ReproException($"{path}: a token id is {id?.ToJsonString() ?? "null"}, not an integer");

    private static ManifestFile Recorded(string path) => new(Path.GetFullPath(path), FileHash.Of(path));
}
