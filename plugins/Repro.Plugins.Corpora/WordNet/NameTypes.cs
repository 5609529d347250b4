namespace Repro.Plugins.Corpora.WordNet;

/// <summary>
/// The coarse type of a name from WordNet's noun instances (synsets with an instance hypernym): the first instance sense,
/// in WordNet's sense order (most frequent first), of the name's lemma; its lexicographer file gives the type.
/// </summary>
internal sealed class NameTypes
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> index;
    private readonly Dictionary<string, string> instances;

    /// <summary>Reads <c>index.noun</c> and the instance synsets of <c>data.noun</c> in <paramref name="folder"/>.</summary>
    public NameTypes(string folder)
    {
        index = WordNetReader.Index(folder, "noun");
        instances = WordNetReader.Read(folder, "noun").Where(s => s.IsInstance).ToDictionary(s => s.Id, s => Coarse(s.LexName), StringComparer.Ordinal);
    }

    /// <summary>
    /// The type of the name written as <paramref name="words"/> (PER, LOC or MISC) and how it was found ("whole name" or
    /// "last word"); a null type when neither the whole name nor, for several words, its last word is an instance.
    /// </summary>
    public (string? Type, string How) Of(IReadOnlyList<string> words)
    {
        if (Lookup(words) is { } whole) return (whole, "whole name");
        return words.Count > 1 && Lookup([words[^1]]) is { } last ? (last, "last word") : (null, "");
    }

    private string? Lookup(IReadOnlyList<string> words)
    {
        var lemma = string.Join('_', words.Select(Bare)).ToLowerInvariant();
        if (!index.TryGetValue(lemma, out var senses)) return null;
        foreach (var sense in senses)
            if (instances.TryGetValue(sense, out var type)) return type;
        return null;
    }

    // A possessive's 's or ' is not part of the name (Atlanta's, Jesus').
    private static string Bare(string word) =>
        word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) && word.Length > 2 ? word[..^2] : word.EndsWith('\'') && word.Length > 1 ? word[..^1] : word;

    private static string Coarse(string lexName) => lexName switch
    {
        "noun.person" => "PER",
        "noun.location" or "noun.object" => "LOC",   // noun.object: continents, rivers, mountains, islands (and the planets)
        _ => "MISC",
    };
}
