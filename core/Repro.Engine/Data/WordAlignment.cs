using Repro.Contracts;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Data;

/// <summary>
/// Word-piece alignment for token-level tasks, as Hugging Face's token classification examples do it: each word is tokenized
/// on its own, the first sub-token of a word carries the word's tag and every other position (later sub-tokens,
/// <c>[CLS]</c>, <c>[SEP]</c>, padding) gets −100, which the loss ignores. The sequence is <c>[CLS] pieces [SEP]</c>, cut at the
/// tokenizer's maximum length: a word whose first sub-token does not fit has no position and is scored as wrong
/// (<see cref="Tagging.TokenMetrics"/>). A word that tokenizes to nothing is given <c>[UNK]</c>, so every word that fits has a position.
/// </summary>
public static class WordAlignment
{
    /// <summary>The label of a position the loss ignores (PyTorch's default <c>ignore_index</c>).</summary>
    public const long Ignored = -100;

    /// <summary>The predicted tag of each word of <paramref name="example"/> from per-token predictions (<paramref name="tokenTags"/>, one per position): the first sub-token's; −1 for a truncated word.</summary>
    public static long[] WordPredictions(EncodedExample example, ReadOnlySpan<long> tokenTags)
    {
        var words = new long[example.WordTags!.Length];
        Array.Fill(words, -1L);
        var w = 0;
        for (var i = 0; i < example.TokenTargets!.Length; i++)
            if (example.TokenTargets[i] != Ignored) words[w++] = tokenTags[i];
        return words;
    }

    /// <summary>Token ids, segments and per-token targets of a token-level example (<see cref="Example.Words"/>, <see cref="Example.Tags"/>).</summary>
    public static EncodedExample Encode(TextTokenizer tokenizer, Example example)
    {
        var words = example.Words ?? throw new ReproException($"example '{example.Id}' of a token-level task has no words");
        var tags = example.Tags ?? throw new ReproException($"example '{example.Id}' of a token-level task has no tags");
        var budget = tokenizer.MaxLength - 2;
        var ids = new List<long>(tokenizer.MaxLength) { Vocabulary.Cls };
        var targets = new List<long>(tokenizer.MaxLength) { Ignored };
        for (var w = 0; w < words.Count && ids.Count - 1 < budget; w++)
        {
            var pieces = tokenizer.Pieces(words[w]);
            if (pieces.Count == 0) pieces = [Vocabulary.Unk];
            for (var p = 0; p < pieces.Count && ids.Count - 1 < budget; p++)
            {
                ids.Add(pieces[p]);
                targets.Add(p == 0 ? tags[w] : Ignored);
            }
        }
        ids.Add(Vocabulary.Sep);
        targets.Add(Ignored);
        return new EncodedExample([.. ids], new long[ids.Count], example.Label, example.Value)
        {
            TokenTargets = [.. targets],
            WordTags = [.. tags.Select(t => (long)t)],
        };
    }

    /// <summary>The first problem of a token-level example (no words or tags, a tag count other than the word count, a tag outside the labels, an empty word), or null.</summary>
    public static string? Problem(Example example, int labels)
    {
        if (example.Words is not { Count: > 0 } words || example.Tags is not { } tags)
            return $"example '{example.Id}' has no {(example.Words is not { Count: > 0 } ? "words" : "tags")}; a token-level example gives Words and one of Tags per word";
        if (words.Count != tags.Count) return $"example '{example.Id}' has {words.Count} words but {tags.Count} tags";
        for (var i = 0; i < words.Count; i++)
        {
            if (tags[i] < 0 || tags[i] >= labels) return $"example '{example.Id}': tag {tags[i]} of word {i} ('{words[i]}') is outside the task's {labels} labels";
            if (string.IsNullOrWhiteSpace(words[i])) return $"example '{example.Id}': word {i} is empty";
        }
        return null;
    }
}
