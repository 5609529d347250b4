using Repro.Contracts;

namespace Repro.Plugins.Corpora.Brown;

/// <summary>
/// Brown sentences kept as token-level examples, one per sentence, the way every Brown token task keeps them: its words
/// as the corpus tokenizes them (<c>``</c> and <c>''</c> written <c>"</c>) with one label each; sentences outside the
/// word limits dropped; identical sentences (case and spacing ignored) kept once, the smallest id; optionally subsampled
/// by the SHA-256 rank of the id; split by document (the sample file), so no document is in two splits.
/// </summary>
internal sealed class TaggedExamples(string task, int minWords, int maxWords)
{
    private readonly Dictionary<string, Example> kept = new(StringComparer.Ordinal);
    private int tooShort, tooLong, duplicates;

    /// <summary>The words and Brown tags of a tagged sentence (<c>word/tag word/tag ...</c>).</summary>
    public static (List<string> Words, List<string> Tags) Parse(string folder, BrownSentence sentence)
    {
        var (words, tags) = (new List<string>(), new List<string>());
        foreach (var token in sentence.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = token.LastIndexOf('/');
            if (slash <= 0 || slash == token.Length - 1) throw new InvalidDataException($"{folder}: sentence {sentence.Id} has the token '{token}', which is not word/tag");
            var word = token[..slash];
            words.Add(word is "``" or "''" ? "\"" : word);
            tags.Add(token[(slash + 1)..]);
        }
        return (words, tags);
    }

    /// <summary>Keeps the sentence <paramref name="id"/> with one label index per word, unless the limits or an earlier copy drop it.</summary>
    public void Add(string id, IReadOnlyList<string> words, IReadOnlyList<int> labels)
    {
        if (words.Count < minWords) { tooShort++; return; }
        if (words.Count > maxWords) { tooLong++; return; }
        var text = string.Join(' ', words);
        var key = TextKey.Of(text);
        if (kept.TryGetValue(key, out var earlier))
        {
            duplicates++;
            if (string.CompareOrdinal(earlier.Id, id) < 0) return;
        }
        kept[key] = new Example(id, text) { Words = words, Tags = labels };
    }

    /// <summary>The kept sentences by split (train first), at most <paramref name="maxSentences"/> (0 = all); what was dropped goes to <paramref name="notes"/>.</summary>
    public Dictionary<string, IReadOnlyList<Example>> Splits(StableSplit split, int maxSentences, List<string> notes)
    {
        if (tooShort + tooLong > 0)
            notes.Add($"dropped {tooShort} sentence(s) under min_words = {minWords} and {tooLong} over max_words = {maxWords}");
        if (duplicates > 0) notes.Add($"dropped {duplicates} duplicate(s) of identical sentences (case and spacing ignored; the copy with the smallest id is kept)");
        var examples = kept.Values.ToList();
        if (maxSentences > 0 && examples.Count > maxSentences)
        {
            notes.Add($"subsampled {maxSentences} of {examples.Count} sentences (the lowest SHA-256 ranks of their ids)");
            examples = [.. examples.OrderBy(e => StableRank.Of($"{task}/sample/{e.Id}")).ThenBy(e => e.Id, StringComparer.Ordinal).Take(maxSentences)];
        }
        var splits = new Dictionary<string, IReadOnlyList<Example>>();
        foreach (var group in examples.GroupBy(e => split.Of(e.Id.Split(':')[0])).OrderBy(g => Array.IndexOf([StableSplit.Train, StableSplit.Dev, StableSplit.Test], g.Key)))
            splits[group.Key] = [.. group.OrderBy(e => e.Id, StringComparer.Ordinal)];
        if (!splits.ContainsKey(StableSplit.Train)) throw new InvalidDataException($"{task}: the train split is empty (check the task's parameters)");
        return splits;
    }
}
