namespace Repro.Plugins.Corpora.WordNet;

/// <summary>A pointer to another synset (<c>@</c> hypernym, <c>~</c> hyponym, <c>@i</c>/<c>~i</c> instance, ...).</summary>
internal sealed record SynsetPointer(string Symbol, string TargetId);

/// <summary>
/// One line of a WordNet data file. <paramref name="Id"/> is <c>POS:OFFSET</c> with the file's part of speech
/// (n, v, a, r), e.g. <c>n:02084071</c>; <paramref name="Words"/> keep WordNet's underscores, without adjective markers.
/// </summary>
internal sealed record Synset(string Id, string Pos, int LexFile, IReadOnlyList<string> Words, IReadOnlyList<SynsetPointer> Pointers,
    string Definition, IReadOnlyList<string> Examples)
{
    /// <summary>The supersense, e.g. <c>noun.animal</c>.</summary>
    public string LexName => LexNames.All[LexFile];

    /// <summary>Whether the synset is an instance (a named person, place, ...): it has an instance hypernym (<c>@i</c>).</summary>
    public bool IsInstance => Pointers.Any(p => p.Symbol == "@i");

    /// <summary>Hypernyms, class and instance.</summary>
    public IEnumerable<string> Hypernyms => Pointers.Where(p => p.Symbol is "@" or "@i").Select(p => p.TargetId);

    /// <summary>Hyponyms, class and instance.</summary>
    public IEnumerable<string> Hyponyms => Pointers.Where(p => p.Symbol is "~" or "~i").Select(p => p.TargetId);
}
