using Repro.Contracts;
namespace Repro.Plugins.Corpora.WordNet;

/// <summary>How a negative gloss was chosen.</summary>
internal enum NegativeKind { Sibling, SameSupersense, Any }

/// <summary>A word, the gloss of one of its senses, and a hard negative gloss.</summary>
internal sealed record GlossPair(string Word, Synset Sense, Synset Negative, NegativeKind Kind);

/// <summary>
/// For each word: its positive sense is the one of lowest SHA-256 rank; the negative is a sibling of that sense
/// (another hyponym of one of its hypernyms) that is not a sense of the word, else another synset of the same
/// supersense that is not a sense of the word, else any such synset. All by rank, so nothing depends on the run seed.
/// </summary>
internal sealed class GlossPairs
{
    private readonly List<Synset> _all;
    private readonly Dictionary<string, Synset> _byId;
    private readonly Dictionary<string, List<Synset>> _byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Synset>> _byLexFile = [];

    public GlossPairs(IEnumerable<Synset> synsets)
    {
        var all = _all = synsets.Where(s => s.Definition.Length > 0).ToList();
        _byId = all.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var synset in all)
        {
            if (!_byLexFile.TryGetValue(synset.LexFile, out var inFile)) _byLexFile[synset.LexFile] = inFile = [];
            inFile.Add(synset);
            foreach (var word in synset.Words.Where(IsCommonWord).Select(w => w.ToLowerInvariant()).Distinct())
            {
                if (!_byWord.TryGetValue(word, out var senses)) _byWord[word] = senses = [];
                senses.Add(synset);
            }
        }
    }

    /// <summary>Every word that can be asked about (lower case, with WordNet's underscores), sorted.</summary>
    public IReadOnlyList<string> Words => [.. _byWord.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The pair for one word.</summary>
    public GlossPair For(string word)
    {
        var senses = _byWord[word];
        var senseIds = senses.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var sense = senses.MinBy(s => StableRank.Of($"sense/{word}/{s.Id}"))!;
        var siblings = sense.Hypernyms.Where(_byId.ContainsKey).SelectMany(h => _byId[h].Hyponyms)
            .Distinct().Where(id => !senseIds.Contains(id) && _byId.ContainsKey(id)).ToList();
        if (siblings.Count > 0)
            return new GlossPair(word, sense, _byId[siblings.MinBy(id => StableRank.Of($"sibling/{word}/{id}"))!], NegativeKind.Sibling);
        return Pick(word, sense, senseIds, _byLexFile[sense.LexFile], NegativeKind.SameSupersense)
            ?? Pick(word, sense, senseIds, _all, NegativeKind.Any)
            ?? throw new InvalidDataException($"no negative gloss for '{word}': every synset is one of its senses");
    }

    /// <summary>The first synset of <paramref name="pool"/> that is not a sense of the word, from a start fixed by the word's rank.</summary>
    private static GlossPair? Pick(string word, Synset sense, HashSet<string> senseIds, List<Synset> pool, NegativeKind kind)
    {
        var start = (int)(StableRank.Of($"{kind}/{word}") % (ulong)pool.Count);
        for (var i = 0; i < pool.Count; i++)
        {
            var candidate = pool[(start + i) % pool.Count];
            if (!senseIds.Contains(candidate.Id)) return new GlossPair(word, sense, candidate, kind);
        }
        return null;
    }

    /// <summary>Lower-case words only (proper nouns such as <c>Canis_familiaris</c> are left out), at least two letters.</summary>
    private static bool IsCommonWord(string word) => word.Length >= 2 && char.IsLower(word[0]);
}
