using System.Globalization;
using Repro.Contracts;

namespace Repro.Engine.Data;

/// <summary>
/// A stage's <c>train_examples: N</c>: the N train examples of lowest SHA-256 rank of their id, in their original
/// order. Without a draw the subset depends on the ids alone, so every seed, and every stage that names the same N
/// on the same task, trains on the same examples. With a draw (<c>draw: seed</c>) the rank also hashes the draw's
/// seed, so each run seed trains on its own subset and a confidence interval over seeds covers the choice of
/// examples. Either way a larger N is a superset.
/// </summary>
public static class TrainingSubset
{
    /// <summary>Indices into <paramref name="train"/> of the subset, ascending.</summary>
    public static int[] Select(IReadOnlyList<Example> train, int count, long? draw = null) =>
        Enumerable.Range(0, train.Count)
            .OrderBy(i => Rank(train[i].Id, draw)).ThenBy(i => i)
            .Take(count)
            .Order()
            .ToArray();

    private static ulong Rank(string id, long? draw) =>
        StableRank.Of(draw is { } d ? $"train-subset/{d.ToString(CultureInfo.InvariantCulture)}/{id}" : "train-subset/" + id);
}
