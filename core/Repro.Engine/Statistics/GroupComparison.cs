using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>
/// <c>repro compare</c>: two groups (or two stages of one group) paired by seed, metric by metric.
/// <see cref="A"/> is the baseline, <see cref="B"/> the candidate; differences are B − A.
/// </summary>
public sealed record GroupComparison(
    string A,
    string B,
    double Alpha,
    IReadOnlyList<long> PairedSeeds,
    IReadOnlyList<long> OnlyInA,
    IReadOnlyList<long> OnlyInB,
    IReadOnlyList<MetricComparison> Metrics,
    IReadOnlyList<string> Unmatched)
{
    /// <summary>
    /// Compares the metrics two groups share (filtered by <paramref name="globs"/>, if any); by seed and test item where both
    /// sides' predictions are given and recorded (<see cref="GroupPredictions"/>).
    /// </summary>
    public static GroupComparison Of(string labelA, GroupFile a, string labelB, GroupFile b, IReadOnlyList<string> globs, double alpha, int permutations,
        GroupPredictions? predictionsA = null, GroupPredictions? predictionsB = null)
    {
        var keys = a.Metrics.Keys.Where(k => b.Metrics.ContainsKey(k) && Selected(globs, k)).Select(k => (k, k, k)).ToList();
        var unmatched = a.Metrics.Keys.Except(b.Metrics.Keys).Select(k => $"{k} (only in A)")
            .Concat(b.Metrics.Keys.Except(a.Metrics.Keys).Select(k => $"{k} (only in B)")).Where(k => Selected(globs, k.Split(' ')[0])).ToList();
        return Build(labelA, a, labelB, b, keys, unmatched, globs, alpha, permutations, predictionsA, predictionsB);
    }

    /// <summary>Compares stage <paramref name="stageA"/> with stage <paramref name="stageB"/> of one group: <c>stageA/split/metric</c> against <c>stageB/split/metric</c>.</summary>
    public static GroupComparison OfStages(GroupFile group, string stageA, string stageB, IReadOnlyList<string> globs, double alpha, int permutations,
        GroupPredictions? predictions = null)
    {
        var stages = group.Metrics.Keys.Select(k => MetricKey.Parse(k).Stage).Distinct().ToList();
        foreach (var stage in new[] { stageA, stageB })
            if (!stages.Contains(stage))
                throw new ReproException($"--stages: the group has no stage '{stage}'; its stages are {string.Join(", ", stages)}");
        string Rest(string key) => key[(key.IndexOf('/') + 1)..];
        var ofA = group.Metrics.Keys.Where(k => k.StartsWith(stageA + "/", StringComparison.Ordinal)).ToDictionary(Rest);
        var ofB = group.Metrics.Keys.Where(k => k.StartsWith(stageB + "/", StringComparison.Ordinal)).ToDictionary(Rest);
        var keys = ofA.Keys.Where(ofB.ContainsKey).Where(r => Selected(globs, ofA[r]) || Selected(globs, ofB[r]) || Selected(globs, r))
            .Order(StringComparer.Ordinal).Select(r => (r, ofA[r], ofB[r])).ToList();
        var unmatched = ofA.Keys.Except(ofB.Keys).Select(r => $"{ofA[r]} (no {stageB}/{r})")
            .Concat(ofB.Keys.Except(ofA.Keys).Select(r => $"{ofB[r]} (no {stageA}/{r})")).ToList();
        return Build(stageA, group, stageB, group, keys, unmatched, globs, alpha, permutations, predictions, predictions);
    }

    private static GroupComparison Build(string labelA, GroupFile a, string labelB, GroupFile b,
        List<(string Name, string KeyA, string KeyB)> keys, List<string> unmatched, IReadOnlyList<string> globs, double alpha, int permutations,
        GroupPredictions? predictionsA, GroupPredictions? predictionsB)
    {
        var paired = a.Seeds.Intersect(b.Seeds).Order().ToList();
        if (paired.Count == 0)
            throw new ReproException($"{labelA} (seeds {string.Join(",", a.Seeds)}) and {labelB} (seeds {string.Join(",", b.Seeds)}) share no seed; compare pairs runs by seed");
        if (keys.Count == 0)
            throw new ReproException(globs.Count > 0
                ? $"no metric of both {labelA} and {labelB} matches --metric {string.Join(" --metric ", globs)}"
                : $"{labelA} and {labelB} have no metric in common");
        var metrics = new List<MetricComparison>();
        foreach (var (name, keyA, keyB) in keys)
        {
            var (valuesA, valuesB) = (a.Metrics[keyA].Seeds, b.Metrics[keyB].Seeds);
            var seeds = paired.Where(s => valuesA.ContainsKey(Key(s)) && valuesB.ContainsKey(Key(s))).ToList();
            if (seeds.Count == 0) { unmatched.Add($"{name} (no seed with a value on both sides)"); continue; }
            var (metricA, metricB) = (MetricKey.Parse(keyA), MetricKey.Parse(keyB));
            metrics.Add(PairedMetric.Of(name, seeds, valuesA, valuesB, predictionsA is null ? null : (predictionsA, metricA.Stage),
                predictionsB is null ? null : (predictionsB, metricB.Stage), metricA.Split, metricA.Metric, alpha, permutations));
        }
        return new GroupComparison(labelA, labelB, alpha, paired, a.Seeds.Except(paired).ToList(), b.Seeds.Except(paired).ToList(), metrics, unmatched);
    }

    /// <summary>Whether any compared metric is significantly worse in B.</summary>
    public bool AnyWorse => Metrics.Any(m => m.Verdict == Verdict.BWorse);

    /// <summary>The one-line conclusion.</summary>
    public string Conclusion
    {
        get
        {
            var worse = Metrics.Where(m => m.Verdict == Verdict.BWorse).Select(m => m.Metric).ToList();
            var better = Metrics.Where(m => m.Verdict == Verdict.BBetter).Select(m => m.Metric).ToList();
            var alpha = Alpha.ToString("0.###", CultureInfo.InvariantCulture);
            var basis = $"{PairedSeeds.Count} paired seed(s), alpha {alpha}";
            if (Metrics.All(m => m.Verdict == Verdict.TooFewPairs))
                return $"cannot tell: one paired seed gives no test of B ({B}) against A ({A}); run more seeds ({basis})";
            if (worse.Count > 0)
                return $"B ({B}) is significantly WORSE than A ({A}) on {worse.Count} of {Metrics.Count} metric(s): {string.Join(", ", worse)}" +
                       (better.Count > 0 ? $"; better on {string.Join(", ", better)}" : "") + $" ({basis})";
            if (better.Count > 0)
                return $"B ({B}) is significantly better than A ({A}) on {better.Count} of {Metrics.Count} metric(s): {string.Join(", ", better)}; no metric is significantly worse ({basis})";
            return $"no significant difference between A ({A}) and B ({B}) on any of {Metrics.Count} metric(s) ({basis})";
        }
    }

    /// <summary>Warnings that change how to read the result: the permutation test cannot reach alpha over the units (seeds or clusters), or one pair only.</summary>
    public IEnumerable<string> Cautions()
    {
        var n = Metrics.Count == 0 ? PairedSeeds.Count : Metrics.Min(m => m.Differences.Count);
        if (n < 2) yield return "only one paired seed: no test is possible; run more seeds (e.g. --seeds 1..6)";
        else if (SignFlipTest.SmallestExactP(n) >= Alpha)
        {
            // Where seeds share a nested stage's model, the units the test flips are the clusters: more of them means more nested seeds.
            var (units, more) = Metrics.Any(m => m.Clusters is not null) ? ("clusters of seeds", "nested stage seeds (seed: { nested: K })") : ("seeds", "seeds");
            yield return $"with {n} paired {units} the smallest possible permutation p-value is {SignFlipTest.SmallestExactP(n).ToString("0.####", CultureInfo.InvariantCulture)} ≥ alpha, " +
                         $"so no difference can be significant; run at least {SignFlipTest.PairsToReach(Alpha)} {more}";
        }
    }

    private static string Key(long seed) => seed.ToString(CultureInfo.InvariantCulture);

    private static bool Selected(IReadOnlyList<string> globs, string key) =>
        globs.Count == 0 || globs.Any(g => Regex.IsMatch(key, "^" + Regex.Escape(g).Replace(@"\*", ".*").Replace(@"\?", ".") + "$"));
}
