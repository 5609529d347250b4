using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Text to model ids. Ids 0..4 are the specials of <see cref="Vocabulary.Specials"/>; a subclass only
/// maps one text to its pieces. Encoding is <c>[CLS] a [SEP]</c> or <c>[CLS] a [SEP] b [SEP]</c>,
/// truncating the longer sentence first so the whole fits <see cref="MaxLength"/>.
/// </summary>
public abstract class TextTokenizer(int maxLength)
{
    /// <summary>Longest encoding in tokens, specials included.</summary>
    public int MaxLength => maxLength;

    /// <summary>Number of model ids, specials included.</summary>
    public abstract int VocabularySize { get; }

    /// <summary>The token string of each model id, specials first: a checkpoint's embedding rows are matched to ids by it.</summary>
    public abstract IReadOnlyList<string> Tokens { get; }

    /// <summary>SHA-256 of everything that fixes the ids of a text; keys the stage and token caches.</summary>
    public abstract string Hash { get; }

    /// <summary>What the manifest records about this tokenizer.</summary>
    public abstract ManifestTokenizer Describe();

    /// <summary>Model ids of one text, without specials and untruncated.</summary>
    public abstract List<int> Pieces(string text);

    /// <summary>Token ids and segment ids of an example.</summary>
    public EncodedExample Encode(Example example)
    {
        var a = Pieces(example.Text);
        var b = example.Pair is null ? null : Pieces(example.Pair);
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
