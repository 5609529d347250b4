using Repro.Contracts;

namespace Repro.Engine.Data;

/// <summary>
/// Splits text on whitespace and encodes <c>[CLS] a [SEP]</c> or <c>[CLS] a [SEP] b [SEP]</c>,
/// truncating the longer sentence first so the whole fits <see cref="MaxLength"/>.
/// </summary>
public sealed class WordTokenizer(Vocabulary vocabulary, int maxLength, bool lowercase)
{
    /// <summary>The vocabulary.</summary>
    public Vocabulary Vocabulary => vocabulary;

    /// <summary>Longest encoding in tokens.</summary>
    public int MaxLength => maxLength;

    /// <summary>The words of a text.</summary>
    public string[] Words(string text) =>
        (lowercase ? text.ToLowerInvariant() : text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Token ids and segment ids of an example.</summary>
    public EncodedExample Encode(Example example)
    {
        var a = Words(example.Text).Select(vocabulary.Id).ToList();
        var b = example.Pair is null ? null : Words(example.Pair).Select(vocabulary.Id).ToList();
        var budget = maxLength - (b is null ? 2 : 3);
        while (a.Count + (b?.Count ?? 0) > budget)
        {
            if (b is not null && b.Count > a.Count) b.RemoveAt(b.Count - 1);
            else a.RemoveAt(a.Count - 1);
        }
        var ids = new List<long>(maxLength) { Vocabulary.Cls };
        ids.AddRange(a.Select(x => (long)x));
        ids.Add(Vocabulary.Sep);
        var firstLength = ids.Count;
        if (b is not null)
        {
            ids.AddRange(b.Select(x => (long)x));
            ids.Add(Vocabulary.Sep);
        }
        var segments = Enumerable.Range(0, ids.Count).Select(i => i < firstLength ? 0L : 1L).ToArray();
        return new EncodedExample([.. ids], segments, example.Label, example.Value);
    }
}

/// <summary>An example as token ids.</summary>
public sealed record EncodedExample(long[] Ids, long[] Segments, int Label, double Value);
