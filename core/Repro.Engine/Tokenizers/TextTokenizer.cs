using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Text to model ids. Ids 0..4 are the special roles of <see cref="Vocabulary.Specials"/>; a subclass only
/// maps one text to its pieces. Encoding frames them by <see cref="Framing"/> (BERT's <c>[CLS] a [SEP]</c> or
/// <c>[CLS] a [SEP] b [SEP]</c> by default), truncating the longer sentence first so the whole fits <see cref="MaxLength"/>.
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

    /// <summary>How this tokenizer frames a text or a pair with special tokens (<see cref="TokenFraming.Bert"/> unless the family says otherwise).</summary>
    public virtual TokenFraming Framing => TokenFraming.Bert;

    /// <summary>Token ids and segment ids of an example, framed by <see cref="Framing"/>.</summary>
    public EncodedExample Encode(Example example)
    {
        var a = Pieces(example.Text);
        var b = example.Pair is null ? null : Pieces(example.Pair);
        var budget = maxLength - Framing.Specials(b is not null);
        while (a.Count + (b?.Count ?? 0) > budget)
        {
            if (b is not null && b.Count > a.Count) b.RemoveAt(b.Count - 1);
            else a.RemoveAt(a.Count - 1);
        }
        var (ids, segments) = Framing.Frame(a, b);
        return new EncodedExample(ids, segments, example.Label, example.Value);
    }
}
