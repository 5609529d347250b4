using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine.Tagging;

namespace Repro.Engine.Statistics;

/// <summary>
/// A metric written as a smooth function of the mean of per-item statistics, so that each test item's share of it can be
/// read from a predictions file: accuracy is the mean of "correct", F1 a function of the means of true positives, false
/// positives and false negatives, token accuracy the ratio of the means of correct and all words, Pearson a function of
/// five moments. <see cref="Scores"/> gives each item's linearized score (its influence, Efron's jackknife/delta-method
/// view): the metric plus the gradient of the function at the mean times the item's deviation from it, so that the
/// scores' mean is exactly the metric on the whole split. Loss and perplexity (no per-item loss is recorded) and
/// Spearman (ranks do not split into items) have none.
/// </summary>
public sealed class ItemMetric
{
    private readonly Func<JsonObject, double[]> _statistics;
    private readonly Func<double[], double> _value;

    private ItemMetric(Func<JsonObject, double[]> statistics, Func<double[], double> value) => (_statistics, _value) = (statistics, value);

    /// <summary>The metric named <paramref name="metric"/> over items, or null with the reason when it has no per-item form.</summary>
    /// <param name="metric">A name of <see cref="MetricNames"/>.</param>
    /// <param name="labels">The stage's class names in label order (F1's positive class is label 1; macro F1 averages over all of them).</param>
    public static ItemMetric? Of(string metric, IReadOnlyList<string>? labels, out string? reason)
    {
        reason = null;
        switch (metric)
        {
            case MetricNames.Accuracy:
                return new(row => [Label(row, "gold") == Label(row, "prediction") ? 1 : 0], m => m[0]);
            case MetricNames.F1 when labels is { Count: > 1 }:
                return new(row => Counts(row, labels[1]), m => F1(m[0], m[1], m[2]));
            case MetricNames.MacroF1 when labels is { Count: > 0 }:
                return new(row => [.. labels.SelectMany(label => Counts(row, label))],
                    m => Enumerable.Range(0, labels.Count).Average(c => F1(m[3 * c], m[3 * c + 1], m[3 * c + 2])));
            case MetricNames.Matthews when labels is { Count: > 0 }:
                // Gorodkin's R_K from the means of "correct", gold class indicators t_k and predicted class indicators p_k.
                return new(row =>
                {
                    var (gold, predicted) = (Label(row, "gold"), Label(row, "prediction"));
                    return [gold == predicted ? 1 : 0, .. labels.Select(l => l == gold ? 1.0 : 0), .. labels.Select(l => l == predicted ? 1.0 : 0)];
                }, m =>
                {
                    var k = labels.Count;
                    double tp = 0, tt = 0, pp = 0;
                    for (var c = 0; c < k; c++) { tp += m[1 + c] * m[1 + k + c]; tt += m[1 + c] * m[1 + c]; pp += m[1 + k + c] * m[1 + k + c]; }
                    var denominator = Math.Sqrt(1 - pp) * Math.Sqrt(1 - tt);
                    return denominator == 0 ? 0 : (m[0] - tp) / denominator;
                });
            case MetricNames.Pearson:
                return new(row =>
                {
                    var (x, y) = (Value(row, "prediction"), Value(row, "gold"));
                    return [x, y, x * x, y * y, x * y];
                }, m =>
                {
                    var (sxx, syy, sxy) = (m[2] - m[0] * m[0], m[3] - m[1] * m[1], m[4] - m[0] * m[1]);
                    return sxx <= 0 || syy <= 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
                });
            case MetricNames.TokenAccuracy:
                return new(row =>
                {
                    var (gold, predicted) = (Tags(row, "gold"), Tags(row, "prediction"));
                    return [gold.Where((g, i) => predicted[i] == g).Count(), gold.Count];
                }, m => m[1] == 0 ? 0 : m[0] / m[1]);
            case MetricNames.EntityPrecision or MetricNames.EntityRecall or MetricNames.EntityF1:
                return new(row =>
                {
                    var truth = EntityChunks.Of(Tags(row, "gold")).ToHashSet();
                    var guess = EntityChunks.Of(Tags(row, "prediction"));
                    return [guess.Count(truth.Contains), guess.Count, truth.Count];
                }, m => metric switch
                {
                    MetricNames.EntityPrecision => m[1] == 0 ? 0 : m[0] / m[1],
                    MetricNames.EntityRecall => m[2] == 0 ? 0 : m[0] / m[2],
                    _ => m[1] + m[2] == 0 ? 0 : 2 * m[0] / (m[1] + m[2]),
                });
            case MetricNames.F1 or MetricNames.MacroF1 or MetricNames.Matthews:
                reason = "the stage records no class names";
                return null;
            case MetricNames.Loss or MetricNames.Perplexity:
                reason = "no per-example loss is recorded";
                return null;
            default:
                reason = $"{metric} does not split into test items";
                return null;
        }
    }

    /// <summary>The metric on <paramref name="rows"/> (every item once) and each item's linearized score, whose mean is that metric.</summary>
    public (double Metric, double[] Scores) Scores(IReadOnlyList<JsonObject> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("no items", nameof(rows));
        var statistics = rows.Select(_statistics).ToArray();
        var mean = new double[statistics[0].Length];
        foreach (var s in statistics)
            for (var k = 0; k < mean.Length; k++) mean[k] += s[k] / statistics.Length;
        var metric = _value(mean);
        var gradient = new double[mean.Length];
        for (var k = 0; k < mean.Length; k++)
        {
            // Central differences: every function here is a ratio or root of low-order polynomials of the means.
            var h = 1e-6 * Math.Max(1, Math.Abs(mean[k]));
            var (up, down) = ((double[])mean.Clone(), (double[])mean.Clone());
            up[k] += h;
            down[k] -= h;
            gradient[k] = (_value(up) - _value(down)) / (2 * h);
        }
        var scores = statistics.Select(s =>
        {
            var score = metric;
            for (var k = 0; k < s.Length; k++) score += gradient[k] * (s[k] - mean[k]);
            return score;
        }).ToArray();
        return (metric, scores);
    }

    private static double F1(double tp, double fp, double fn) => tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);

    private static double[] Counts(JsonObject row, string positive)
    {
        var (gold, predicted) = (Label(row, "gold"), Label(row, "prediction"));
        return [gold == positive && predicted == positive ? 1 : 0, gold != positive && predicted == positive ? 1 : 0, gold == positive && predicted != positive ? 1 : 0];
    }

    private static string Label(JsonObject row, string field) =>
        row[field] is JsonValue value && value.TryGetValue<string>(out var label) ? label : throw Malformed(field, "a class name");

    private static double Value(JsonObject row, string field) =>
        row[field] is JsonValue value && value.TryGetValue<double>(out var number) ? number : throw Malformed(field, "a number");

    private static List<string> Tags(JsonObject row, string field) =>
        row[field] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : throw Malformed(field, "a list of tags");

    private static ReproException Malformed(string field, string expected) => new($"'{field}' is not {expected}");
}
