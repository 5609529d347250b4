using Repro.Contracts;

namespace Repro.Engine.Training;

/// <summary>The metrics of <see cref="MetricNames"/>, computed on the host from predictions and gold values.</summary>
public static class MetricCalculator
{
    /// <summary>
    /// The metric named <paramref name="metric"/> (see <see cref="MetricNames"/>): class metrics from
    /// <paramref name="predicted"/>/<paramref name="gold"/>, correlations from the values, loss and perplexity from <paramref name="meanLoss"/>.
    /// </summary>
    public static double Compute(string metric, IReadOnlyList<long> predicted, IReadOnlyList<long> gold,
        IReadOnlyList<double> predictedValues, IReadOnlyList<double> goldValues, int classes, double meanLoss) => metric switch
    {
        MetricNames.Loss => meanLoss,
        MetricNames.Perplexity => Math.Exp(meanLoss),
        MetricNames.Accuracy => Accuracy(predicted, gold),
        MetricNames.F1 => F1(predicted, gold),
        MetricNames.MacroF1 => MacroF1(predicted, gold, classes),
        MetricNames.Matthews => Matthews(predicted, gold, classes),
        MetricNames.Pearson => Pearson(predictedValues, goldValues),
        MetricNames.Spearman => Spearman(predictedValues, goldValues),
        _ => throw new ReproException($"unknown metric '{metric}'"),
    };

    /// <summary>Fraction of equal entries.</summary>
    public static double Accuracy(IReadOnlyList<long> predicted, IReadOnlyList<long> gold) =>
        gold.Count == 0 ? 0 : predicted.Zip(gold).Count(x => x.First == x.Second) / (double)gold.Count;

    /// <summary>F1 of class <paramref name="positive"/> (0 when it is never predicted nor present).</summary>
    public static double F1(IReadOnlyList<long> predicted, IReadOnlyList<long> gold, long positive = 1)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (predicted[i] == positive && gold[i] == positive) tp++;
            else if (predicted[i] == positive) fp++;
            else if (gold[i] == positive) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /// <summary>Unweighted mean of per-class F1 over <paramref name="classes"/> classes.</summary>
    public static double MacroF1(IReadOnlyList<long> predicted, IReadOnlyList<long> gold, int classes) =>
        Enumerable.Range(0, classes).Average(c => F1(predicted, gold, c));

    /// <summary>Matthews correlation coefficient, multi-class (Gorodkin's R_K); 0 when undefined.</summary>
    public static double Matthews(IReadOnlyList<long> predicted, IReadOnlyList<long> gold, int classes)
    {
        var t = new double[classes];
        var p = new double[classes];
        double c = 0, s = gold.Count;
        for (var i = 0; i < gold.Count; i++)
        {
            t[gold[i]]++;
            p[predicted[i]]++;
            if (gold[i] == predicted[i]) c++;
        }
        var numerator = c * s - t.Zip(p).Sum(x => x.First * x.Second);
        var denominator = Math.Sqrt(s * s - p.Sum(x => x * x)) * Math.Sqrt(s * s - t.Sum(x => x * x));
        return denominator == 0 ? 0 : numerator / denominator;
    }

    /// <summary>Pearson correlation; 0 when either side is constant.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0) return 0;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman rank correlation (Pearson of ranks, ties get their mean rank).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }
}
