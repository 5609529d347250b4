using Repro.Contracts;

namespace Repro.Engine.Baselines;

/// <summary>
/// The baseline a <c>baseline</c> stage trains on a token-level task: <c>majority</c> tags each word with its most frequent
/// tag in the training examples (ties to the lower tag index), and a word never seen in training with the most frequent
/// tag overall. Words are matched exactly (case kept), so the baseline is bitwise repeatable.
/// </summary>
public static class TokenBaselines
{
    /// <summary>The methods a token-level task takes, as recipes name them.</summary>
    public static readonly IReadOnlyList<string> Methods = ["majority"];

    /// <summary>A predictor of per-word tag indices trained on <paramref name="train"/> (<see cref="Example.Words"/>, <see cref="Example.Tags"/>).</summary>
    public static Func<Example, long[]> MajorityTag(IReadOnlyList<Example> train)
    {
        if (train.Count == 0) throw new ReproException("a baseline needs training examples");
        var pairs = train.SelectMany(e => e.Words!.Zip(e.Tags!)).ToList();
        static int Most(IEnumerable<int> tags) => tags.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var overall = Most(pairs.Select(p => p.Second));
        var byWord = pairs.GroupBy(p => p.First, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Most(g.Select(p => p.Second)), StringComparer.Ordinal);
        return example => [.. example.Words!.Select(w => (long)byWord.GetValueOrDefault(w, overall))];
    }
}
