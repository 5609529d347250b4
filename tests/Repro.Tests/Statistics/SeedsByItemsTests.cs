using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine.Statistics;
using Repro.Engine.Tagging;
using Repro.Engine.Training;

namespace Repro.Tests;

/// <summary>
/// The seeds × test items estimate (<see cref="SeedsByItems"/>) and the per-item scores it reads (<see cref="ItemMetric"/>):
/// a hand-computed two-way ANOVA, coverage of a simulated crossed design, and every per-item metric recomputing the engine's.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SeedsByItemsTests
{
    [Fact]
    public void TheEstimateMatchesAHandComputedTwoWayAnova()
    {
        // d = [[1, 2, 6], [3, 2, 10]]: grand mean 4; seed means 3, 5; item means 2, 2, 8.
        // MS seeds = 3·((3−4)² + (5−4)²)/1 = 6; MS items = 2·(4 + 4 + 16)/2 = 24. Var(mean) = (6 + 24)/(2·3) = 5;
        // Satterthwaite df = 30² / (6²/1 + 24²/2) = 900 / 324.
        var crossed = SeedsByItems.Crossed([[1, 2, 6], [3, 2, 10]]);
        Assert.Equal(4, crossed.Mean, 12);
        Assert.Equal(Math.Sqrt(5), crossed.StandardError, 12);
        Assert.Equal(900.0 / 324, crossed.DegreesOfFreedom, 12);
        // With two seeds the seeds-only interval (t with 1 df, 12.71 · 1) is the wider one (3.4 · √5): it is kept.
        Assert.Equal(MeanEstimate.OfPairs([3, 5]), SeedsByItems.Of([[1, 2, 6], [3, 2, 10]]));
    }

    [Fact]
    public void WithoutItemVarianceItIsThePairedEstimateOverSeeds()
    {
        // Item effects absent and the seed spread large: the seeds-only interval is the wider one.
        double[][] d = [[0.10, 0.12, 0.11, 0.09], [0.02, 0.01, 0.03, 0.02], [0.06, 0.05, 0.05, 0.07]];
        var crossed = SeedsByItems.Of(d);
        var seeds = MeanEstimate.OfPairs([.. d.Select(row => row.Average())]);
        Assert.Equal(seeds.Mean, crossed.Mean, 12);
        Assert.Equal(seeds.StandardError, crossed.StandardError, 12);
        Assert.Equal(seeds.DegreesOfFreedom, crossed.DegreesOfFreedom);
    }

    [Fact]
    public void ItCoversTheTrueMeanOfACrossedDesignWhereTheSeedsAloneDoNot()
    {
        // d(s, i) = a(s) + b(i) + e(s, i), μ = 0: seed sd 0.003 (5 seeds), item sd 0.5 over 400 items (σb/√N = 0.025), residual
        // sd 0.1. The seeds-only interval sees a(s) and e only, so it misses the test set's draw; the crossed one covers it.
        var random = new Random(20261207);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        const int trials = 2000, seeds = 5, items = 400;
        var (crossedCovers, seedsCover) = (0, 0);
        for (var trial = 0; trial < trials; trial++)
        {
            var itemEffects = Enumerable.Range(0, items).Select(_ => 0.5 * Normal()).ToArray();
            var d = Enumerable.Range(0, seeds).Select(_ =>
            {
                var seed = 0.003 * Normal();
                return (IReadOnlyList<double>)[.. itemEffects.Select(b => seed + b + 0.1 * Normal())];
            }).ToList();
            if (SeedsByItems.Of(d).Ci95 is var (low, high) && low <= 0 && 0 <= high) crossedCovers++;
            if (MeanEstimate.OfPairs([.. d.Select(row => row.Average())]).Ci95 is var (l, h) && l <= 0 && 0 <= h) seedsCover++;
        }
        Assert.InRange(crossedCovers / (double)trials, 0.94, 0.975);
        Assert.True(seedsCover / (double)trials < 0.4, $"seeds-only coverage {seedsCover / (double)trials}");
    }

    [Fact]
    public void ItIsNeverNarrowerThanTheSeedsAlone()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var d = Enumerable.Range(0, 2 + trial % 6).Select(_ => (IReadOnlyList<double>)[.. Enumerable.Range(0, 3 + trial % 20).Select(_ => random.NextDouble() - 0.5)]).ToList();
            var (crossed, seeds) = (SeedsByItems.Of(d), MeanEstimate.OfPairs([.. d.Select(row => row.Average())]));
            Assert.True(crossed.Ci95.High - crossed.Ci95.Low >= seeds.Ci95.High - seeds.Ci95.Low - 1e-12);
        }
    }

    [Fact]
    public void EachItemMetricsScoresAverageToTheEnginesMetric()
    {
        string[] labels = ["neg", "pos", "neu"];
        long[] gold = [0, 1, 2, 1, 1, 0, 2, 2, 1, 0, 0, 1];
        long[] predicted = [0, 1, 1, 1, 0, 0, 2, 0, 1, 2, 0, 1];
        var rows = gold.Select((g, i) => new JsonObject { ["id"] = $"{i}", ["gold"] = labels[g], ["prediction"] = labels[predicted[i]] }).ToList();
        foreach (var metric in new[] { MetricNames.Accuracy, MetricNames.F1, MetricNames.MacroF1, MetricNames.Matthews })
        {
            var (value, scores) = ItemMetric.Of(metric, labels, out _)!.Scores(rows);
            var engine = MetricCalculator.Compute(metric, predicted, gold, [], [], labels.Length, double.NaN);
            Assert.Equal(engine, value, 12);
            Assert.Equal(engine, scores.Average(), 9);
        }
        // Accuracy's scores are the items' own 0/1 outcomes.
        Assert.Equal(gold.Select((g, i) => g == predicted[i] ? 1.0 : 0), ItemMetric.Of(MetricNames.Accuracy, labels, out _)!.Scores(rows).Scores.Select(s => Math.Round(s, 9)));

        double[] x = [0.1, 0.5, 0.2, 0.9, 0.4, 0.7], y = [0.0, 0.6, 0.1, 1.0, 0.3, 0.5];
        var values = x.Select((v, i) => new JsonObject { ["id"] = $"{i}", ["gold"] = y[i], ["prediction"] = v }).ToList();
        var pearson = ItemMetric.Of(MetricNames.Pearson, null, out _)!.Scores(values);
        Assert.Equal(MetricCalculator.Pearson(x, y), pearson.Metric, 12);
        Assert.Equal(pearson.Metric, pearson.Scores.Average(), 9);

        string[] tags = ["O", "B-PER", "I-PER", "B-LOC"];
        List<TaggedSentence> sentences = [new([1, 2, 0, 3], [1, 2, 0, 0]), new([0, 3, 0], [0, 3, 0]), new([1, 0, 1, 2], [1, 0, 3, -1]), new([0, 0], [1, 0])];
        var tagged = sentences.Select((s, i) => new JsonObject
        {
            ["id"] = $"{i}",
            ["gold"] = new JsonArray([.. s.Gold.Select(t => (JsonNode)tags[t])]),
            ["prediction"] = new JsonArray([.. s.Predicted.Select(t => (JsonNode)(t < 0 ? "" : tags[t]))]),
        }).ToList();
        foreach (var metric in new[] { MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1 })
        {
            var (value, scores) = ItemMetric.Of(metric, tags, out _)!.Scores(tagged);
            Assert.Equal(TokenMetrics.Compute(metric, sentences, tags, double.NaN), value, 12);
            Assert.Equal(value, scores.Average(), 9);
        }
    }

    [Theory]
    [InlineData(MetricNames.Loss, "no per-example loss")]
    [InlineData(MetricNames.Perplexity, "no per-example loss")]
    [InlineData(MetricNames.Spearman, "does not split into test items")]
    public void MetricsWithoutAPerItemFormSayWhy(string metric, string reason)
    {
        Assert.Null(ItemMetric.Of(metric, ["a", "b"], out var why));
        Assert.Contains(reason, why);
    }
}
