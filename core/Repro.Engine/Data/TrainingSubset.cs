using Repro.Contracts;

namespace Repro.Engine.Data;

/// <summary>
/// A stage's <c>train_examples: N</c>: the N train examples of lowest SHA-256 rank of their id, in
/// their original order. The subset depends on the ids alone, so every seed, and every stage that
/// names the same N on the same task, trains on the same examples; a larger N is a superset.
/// </summary>
public static class TrainingSubset
{
    /// <summary>Indices into <paramref name="train"/> of the subset, ascending.</summary>
    public static int[] Select(IReadOnlyList<Example> train, int count) =>
        Enumerable.Range(0, train.Count)
            .OrderBy(i => Rank(train[i].Id)).ThenBy(i => i)
            .Take(count)
            .Order()
            .ToArray();

    private static ulong Rank(string id) => StableRank.Of("train-subset/" + id);
}
