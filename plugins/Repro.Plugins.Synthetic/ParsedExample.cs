using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>An example with the parses of the sentence (and of the pair's second sentence) it was made from.</summary>
internal sealed record ParsedExample(Example Example, Sentence Parse, Sentence? PairParse = null);

/// <summary>Helpers shared by the synthetic-* tasks.</summary>
internal static class SyntheticSplits
{
    /// <summary>Stable id of the <paramref name="index"/>-th example of a split, e.g. <c>train-000017</c>.</summary>
    public static string Id(string split, int index) => $"{split}-{index:D6}";

    /// <summary>The splits in the order train, dev, test (whichever exist), as the task lists them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<T>> InOrder<T>(IReadOnlyDictionary<string, IReadOnlyList<T>> splits)
    {
        var ordered = new Dictionary<string, IReadOnlyList<T>>();
        foreach (var name in new[] { "train", "dev", "test" })
            if (splits.TryGetValue(name, out var examples)) ordered[name] = examples;
        return ordered;
    }

    /// <summary>Drops the parses.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Example>> Examples(IReadOnlyDictionary<string, IReadOnlyList<ParsedExample>> splits) =>
        splits.ToDictionary(s => s.Key, s => (IReadOnlyList<Example>)[.. s.Value.Select(p => p.Example)]);
}
