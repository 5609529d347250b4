using System.Globalization;

namespace Repro.Engine.Statistics;

/// <summary>
/// Seeds that share a nested stage's model (<c>seed: { nested: K }</c>, <see cref="Recipes.Stage.NestedSeeds"/>) are not
/// independent draws: every seed under one intermediate model carries that model's luck. <c>repro compare</c> therefore
/// takes each such cluster as one unit: its differences are the clusters' mean differences, the paired t-test has
/// (clusters − 1) degrees of freedom, the sign-flip test flips clusters and the seeds × items estimate crosses clusters
/// with items. This is the cluster-means analysis of a nested design, valid whatever the clusters' sizes and conservative
/// when the intermediate models barely differ; with K clusters the sign-flip test cannot go below 2/2^K.
/// </summary>
public static class SeedClusters
{
    /// <summary>
    /// <paramref name="seeds"/> grouped by <paramref name="nestedKey"/> (the nested stages and seeds a seed's compared stages
    /// depend on; empty when none), each cluster in seed order, clusters by their first seed; null when no two seeds share a key.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<long>>? Of(IReadOnlyList<long> seeds, Func<long, string> nestedKey)
    {
        var keyed = seeds.Order().Select(s => (Seed: s, Key: nestedKey(s))).ToList();
        var clusters = keyed.GroupBy(k => k.Key.Length == 0 ? $"seed {k.Seed}" : k.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<long>)[.. g.Select(k => k.Seed)]).OrderBy(c => c[0]).ToList();
        return clusters.Any(c => c.Count > 1) ? clusters : null;
    }

    /// <summary>The units a comparison's differences are over: <paramref name="clusters"/>, or each of <paramref name="seeds"/> alone.</summary>
    public static IReadOnlyList<IReadOnlyList<long>> Units(IReadOnlyList<long> seeds, IReadOnlyList<IReadOnlyList<long>>? clusters) =>
        clusters ?? [.. seeds.Select(s => (IReadOnlyList<long>)[s])];

    /// <summary>Per-seed <paramref name="values"/> (keyed by the seed's decimal text) averaged over each of <paramref name="units"/>.</summary>
    public static IReadOnlyList<double> Means(IReadOnlyDictionary<string, double> values, IReadOnlyList<IReadOnlyList<long>> units) =>
        [.. units.Select(unit => unit.Average(s => values[s.ToString(CultureInfo.InvariantCulture)]))];

    /// <summary>The key of the nested stages and seeds in <paramref name="sides"/> (one map per compared side, or null), e.g. <c>A:supersense=2</c>.</summary>
    public static string Key(params (string Side, IReadOnlyDictionary<string, long>? Nested)[] sides) =>
        string.Join(" ", sides.SelectMany(side => (side.Nested ?? new Dictionary<string, long>()).OrderBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => $"{side.Side}:{n.Key}={n.Value.ToString(CultureInfo.InvariantCulture)}")));

    /// <summary>The clusters in words, e.g. <c>{1, 4, 7, 10} {2, 5, 8} {3, 6, 9}</c>.</summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<long>> clusters) =>
        string.Join(" ", clusters.Select(c => "{" + string.Join(", ", c) + "}"));
}
