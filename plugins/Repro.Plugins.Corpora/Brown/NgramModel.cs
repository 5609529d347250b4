using Repro.Contracts;

namespace Repro.Plugins.Corpora.Brown;

/// <summary>
/// A word n-gram model of a set of sentences, for sampling fluent-looking fakes: each word is drawn in
/// proportion to how often it followed the previous n − 1 words (sentence start padded). Sampling only
/// walks n-grams seen in the corpus, so a fake is locally plausible but globally incoherent. Candidates
/// are stored in ordinal order, so the same <see cref="Rng"/> state gives the same sentence everywhere.
/// </summary>
internal sealed class NgramModel
{
    private const string Start = "<s>", End = "</s>";
    private readonly int _order;
    private readonly Dictionary<string, (string[] Words, long[] Cumulative)> _next;

    public NgramModel(IEnumerable<string> sentences, int order)
    {
        if (order < 2) throw new ArgumentOutOfRangeException(nameof(order), order, "an n-gram model needs order 2 or more");
        _order = order;
        var counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            var words = Words(sentence);
            if (words.Length == 0) continue;
            var context = Enumerable.Repeat(Start, order - 1).ToList();
            foreach (var word in words.Append(End))
            {
                var key = string.Join(' ', context);
                if (!counts.TryGetValue(key, out var followers)) counts[key] = followers = new(StringComparer.Ordinal);
                followers[word] = followers.GetValueOrDefault(word) + 1;
                context.RemoveAt(0);
                context.Add(word);
            }
        }
        _next = counts.ToDictionary(c => c.Key, c =>
        {
            var words = c.Value.Keys.Order(StringComparer.Ordinal).ToArray();
            var cumulative = new long[words.Length];
            long total = 0;
            for (var i = 0; i < words.Length; i++) cumulative[i] = total += c.Value[words[i]];
            return (words, cumulative);
        }, StringComparer.Ordinal);
    }

    /// <summary>Number of distinct contexts (for notes).</summary>
    public int Contexts => _next.Count;

    /// <summary>Samples one sentence of at most <paramref name="maxWords"/> words; null when it ran longer.</summary>
    public string? Sample(Rng rng, int maxWords)
    {
        var context = Enumerable.Repeat(Start, _order - 1).ToList();
        var words = new List<string>();
        while (true)
        {
            var (candidates, cumulative) = _next[string.Join(' ', context)];
            var draw = (long)(rng.NextDouble() * cumulative[^1]);
            var index = Array.BinarySearch(cumulative, draw + 1);
            var word = candidates[index >= 0 ? index : ~index];
            if (word == End) return string.Join(' ', words);
            if (words.Count == maxWords) return null;
            words.Add(word);
            context.RemoveAt(0);
            context.Add(word);
        }
    }

    private static string[] Words(string sentence) => sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
