using Microsoft.ML.Tokenizers;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Tokenizer <c>bpe</c>: byte-pair encoding from a <c>vocab.json</c> (token → id) and a <c>merges.txt</c>
/// (one merge <c>a b</c> per line, by priority), split on whitespace first. A vocabulary's own [UNK] stands
/// for characters it cannot spell; without one the library drops them. Its [PAD] [CLS] [SEP] [MASK], if any, become ours.
/// </summary>
internal static class BpeLibrary
{
    /// <summary>Loads the pair of files.</summary>
    public static LibraryModel Load(string vocabPath, string mergesPath, bool lowercase)
    {
        var options = new BpeOptions(vocabPath, mergesPath);
        var probe = BpeTokenizer.Create(options);
        if (probe.Vocabulary.ContainsKey(Vocabulary.Specials[Vocabulary.Unk])) options.UnknownToken = Vocabulary.Specials[Vocabulary.Unk];
        var tokenizer = options.UnknownToken is null ? probe : BpeTokenizer.Create(options);
        return new LibraryModel("bpe",
            text => tokenizer.EncodeToIds(lowercase ? text.ToLowerInvariant() : text),
            tokenizer.Vocabulary.Values.Distinct().Order().ToArray(),
            LibraryModel.SpecialsIn(tokenizer.Vocabulary),
            [new ManifestFile(Path.GetFullPath(vocabPath), FileHash.Of(vocabPath)), new ManifestFile(Path.GetFullPath(mergesPath), FileHash.Of(mergesPath))],
            TokensById(tokenizer.Vocabulary));
    }

    /// <summary>Id → token; a token listed twice keeps the ordinally first spelling.</summary>
    private static Func<int, string> TokensById(IReadOnlyDictionary<string, int> vocabulary)
    {
        var byId = new Dictionary<int, string>();
        foreach (var (token, id) in vocabulary.OrderBy(kv => kv.Key, StringComparer.Ordinal)) byId.TryAdd(id, token);
        return id => byId.GetValueOrDefault(id, "");
    }
}
