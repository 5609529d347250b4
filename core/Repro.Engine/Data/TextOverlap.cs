using Repro.Contracts;

namespace Repro.Engine.Data;

/// <summary>
/// The leakage check: evaluation examples whose text (case and spacing ignored) the model has
/// already trained on, in its own stage or any stage upstream of it (pretraining text included).
/// </summary>
public static class TextOverlap
{
    /// <summary>An evaluation split that shares examples with training text.</summary>
    /// <param name="Split">The evaluation split.</param>
    /// <param name="Count">Its examples found in the training text.</param>
    /// <param name="Total">Its examples.</param>
    /// <param name="FirstId">The first such example's id.</param>
    /// <param name="Source">The stage whose training text holds <paramref name="FirstId"/>.</param>
    public sealed record Leak(string Split, int Count, int Total, string FirstId, string Source);

    /// <summary>
    /// Checks each evaluation split against the train splits of <paramref name="trained"/> (stage name → its
    /// train examples). A pair is compared as a whole, so only a sentence-pair task upstream can hold it.
    /// </summary>
    public static IReadOnlyList<Leak> Find(IReadOnlyDictionary<string, IReadOnlyList<Example>> evaluation,
        IReadOnlyList<(string Stage, IReadOnlyList<Example> Train)> trained)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (stage, train) in trained)
            foreach (var example in train)
                seen.TryAdd(Key(example), stage);
        var leaks = new List<Leak>();
        foreach (var (split, examples) in evaluation)
        {
            var hits = examples.Where(e => seen.ContainsKey(Key(e))).ToList();
            if (hits.Count > 0) leaks.Add(new Leak(split, hits.Count, examples.Count, hits[0].Id, seen[Key(hits[0])]));
        }
        return leaks;
    }

    private static string Key(Example e) => TextKey.Of(e.Text, e.Pair);
}
