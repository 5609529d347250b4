namespace Repro.Engine.Tokenizers;

/// <summary>
/// BERT's WordPiece, as Hugging Face's: each word greedily split into the longest vocabulary piece first, the
/// pieces after the first prefixed with <c>##</c>. A word longer than <paramref name="maxChars"/> code points, or
/// one that cannot be spelled with the vocabulary, becomes a single <paramref name="unkId"/>.
/// </summary>
internal sealed class WordPiece(IReadOnlyDictionary<string, int> vocabulary, int unkId, string prefix = "##", int maxChars = 100)
{
    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="ids"/>.</summary>
    public void Encode(string word, List<int> ids)
    {
        var first = ids.Count;
        if (word.EnumerateRunes().Count() > maxChars) { ids.Add(unkId); return; }
        for (var start = 0; start < word.Length;)
        {
            var end = word.Length;
            var found = -1;
            for (; end > start; end -= char.IsLowSurrogate(word[end - 1]) && end - 1 > start ? 2 : 1)
                if (vocabulary.TryGetValue(start > 0 ? prefix + word[start..end] : word[start..end], out found)) break;
            if (end == start)
            {
                ids.RemoveRange(first, ids.Count - first);
                ids.Add(unkId);
                return;
            }
            ids.Add(found);
            start = end;
        }
    }
}
