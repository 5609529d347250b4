namespace Repro.Bench.RawLoop;

/// <summary>
/// Token ids as the <c>words</c> tokenizer gives them: five specials ([PAD], [UNK], [CLS], [SEP], [MASK]),
/// then the training words by descending count, ties in ordinal order; a sentence is [CLS] words [SEP].
/// </summary>
public sealed class WordIds
{
    public const int Pad = 0, Cls = 2, Sep = 3, Mask = 4, Specials = 5;
    private readonly Dictionary<string, int> _ids;

    public WordIds(IEnumerable<string> trainingTexts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in trainingTexts)
            foreach (var word in Split(text))
                counts[word] = counts.GetValueOrDefault(word) + 1;
        _ids = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, i) => (kv.Key, Id: Specials + i)).ToDictionary(x => x.Key, x => x.Id, StringComparer.Ordinal);
    }

    /// <summary>Number of ids, specials included.</summary>
    public int Size => Specials + _ids.Count;

    /// <summary>[CLS] ids [SEP] of a sentence (bench sentences are never truncated).</summary>
    public long[] Encode(string text) => [Cls, .. Split(text).Select(w => (long)_ids.GetValueOrDefault(w, 1)), Sep];

    private static string[] Split(string text) => text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
