namespace Repro.Engine.Tokenizers;

/// <summary>
/// Library ids → model ids: the specials 0..4 first, then the kept library tokens in order; every other
/// library id becomes [UNK]. <see cref="Full"/> keeps every token in library order; <see cref="Pruned"/>
/// keeps those a corpus uses, most frequent first, so tiny models get a compact embedding table.
/// </summary>
internal sealed class IdMapping
{
    private readonly int[] _modelIds;

    private IdMapping(IReadOnlyList<int> kept, IReadOnlyDictionary<int, int> specials, int libraryIdLimit)
    {
        Kept = kept;
        Specials = specials;
        _modelIds = new int[libraryIdLimit];
        Array.Fill(_modelIds, Vocabulary.Unk);
        foreach (var (library, special) in specials) _modelIds[library] = special;
        for (var i = 0; i < kept.Count; i++) _modelIds[kept[i]] = Vocabulary.Specials.Length + i;
    }

    /// <summary>The library id of model id <c>5 + i</c>.</summary>
    public IReadOnlyList<int> Kept { get; }

    /// <summary>Library id → special model id.</summary>
    public IReadOnlyDictionary<int, int> Specials { get; }

    /// <summary>Number of model ids, specials included.</summary>
    public int Size => Vocabulary.Specials.Length + Kept.Count;

    /// <summary>The model id of a library id ([UNK] when it was pruned or is unknown).</summary>
    public int Map(int libraryId) => (uint)libraryId < (uint)_modelIds.Length ? _modelIds[libraryId] : Vocabulary.Unk;

    /// <summary>Every library token, in library order.</summary>
    public static IdMapping Full(LibraryModel model) =>
        new(model.Ids.Where(id => !model.Specials.ContainsKey(id)).ToArray(), model.Specials, Limit(model));

    /// <summary>
    /// The library tokens seen at least <paramref name="minCount"/> times in <paramref name="counts"/>
    /// (library id → occurrences), by count descending, then library id.
    /// </summary>
    public static IdMapping Pruned(LibraryModel model, IReadOnlyDictionary<int, long> counts, int minCount) =>
        new(counts.Where(kv => kv.Value >= minCount && !model.Specials.ContainsKey(kv.Key) && kv.Key >= 0 && kv.Key < Limit(model))
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).ToArray(),
            model.Specials, Limit(model));

    /// <summary>How often each library id occurs in the texts.</summary>
    public static Dictionary<int, long> Count(LibraryModel model, IEnumerable<string> texts)
    {
        var counts = new Dictionary<int, long>();
        foreach (var text in texts)
            foreach (var id in model.Encode(text))
                counts[id] = counts.GetValueOrDefault(id) + 1;
        return counts;
    }

    /// <summary>Canonical text of the mapping, for hashing: the specials' library ids, then the kept library ids.</summary>
    public string Canonical()
    {
        var lines = new List<string>(Kept.Count + 8);
        foreach (var (library, special) in Specials.OrderBy(kv => kv.Value)) lines.Add($"special {Vocabulary.Specials[special]} {library}");
        lines.Add("kept");
        lines.AddRange(Kept.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return string.Join("\n", lines);
    }

    private static int Limit(LibraryModel model) => model.Ids.Count == 0 ? 0 : model.Ids[^1] + 1;
}
