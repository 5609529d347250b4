using ScottPlot;

namespace Repro.Tool.Reports;

/// <summary>The figures of a multi-seed group: each stage's mean with its 95% CI and seeds per metric, and the loss across seeds per stage.</summary>
internal static class GroupFigures
{
    /// <summary>
    /// One bar per stage (the mean over seeds), the 95% confidence interval as error bars, each seed as a
    /// black dot beside its bar: arms such as target, intermediate-then-target and scratch side by side.
    /// </summary>
    public static SavedFigure Bars(string split, string metric, IReadOnlyList<GroupMetric> perStage, string folder)
    {
        var plot = Figure.Create($"{split} {metric}: mean and 95% CI per stage", "stage", metric);
        var bars = perStage.Select((m, i) => new Bar
        {
            Position = i,
            Value = m.Mean,
            FillColor = Figure.Color(i).WithAlpha(0.55),
            LineColor = Figure.Color(i),
            Size = 0.6,
        }).ToArray();
        plot.Add.Bars(bars);
        var positions = Enumerable.Range(0, perStage.Count).Select(i => (double)i).ToArray();
        var ci = plot.Add.ErrorBar(positions, perStage.Select(m => m.Mean).ToArray(), new double[perStage.Count]);
        ci.YErrorPositive = perStage.Select(m => m.CiHigh is { } hi ? hi - m.Mean : 0).ToArray();
        ci.YErrorNegative = perStage.Select(m => m.CiLow is { } lo ? m.Mean - lo : 0).ToArray();
        ci.LineWidth = 2;
        ci.CapSize = 12;
        ci.Color = Colors.Black;
        for (var i = 0; i < perStage.Count; i++)
        {
            var seeds = perStage[i].Seeds.OrderBy(s => s.Key).ToArray();
            // Seeds spread evenly across the bar, in seed order, so the picture never depends on chance.
            var xs = seeds.Select((_, k) => i + (seeds.Length == 1 ? 0 : -0.2 + 0.4 * k / (seeds.Length - 1))).ToArray();
            plot.Add.Markers(xs, seeds.Select(s => s.Value).ToArray(), MarkerShape.FilledCircle, 7, Colors.Black);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions, perStage.Select(m => m.Stage).ToArray());
        plot.Axes.Margins(bottom: 0);
        var seedCount = perStage.Max(m => m.Seeds.Count);
        return Figure.Save(plot, folder, Figure.FileName("bars", split, metric),
            $"{split} {metric} per stage ({string.Join(", ", perStage.Select(m => m.Stage))}): bar = mean over {seedCount} seed(s), whiskers = 95% CI, dots = single seeds");
    }

    /// <summary>A stage's training loss across seeds: the mean line over the steps every seed logged, the min–max range shaded.</summary>
    public static SavedFigure? Loss(string stage, IReadOnlyList<IReadOnlyList<TrainPoint>> seeds, string folder)
    {
        var runs = seeds.Where(s => s.Count > 0).Select(s => s.GroupBy(p => p.Step).ToDictionary(g => g.Key, g => g.Last().Loss)).ToList();
        if (runs.Count == 0) return null;
        var steps = runs.Skip(1).Aggregate(runs[0].Keys.ToHashSet(), (common, r) => { common.IntersectWith(r.Keys); return common; }).Order().ToArray();
        if (steps.Length == 0) return null;
        var xs = steps.Select(s => (double)s).ToArray();
        var values = steps.Select(s => runs.Select(r => r[s]).ToArray()).ToArray();
        var plot = Figure.OverSteps($"{stage}: training loss over {runs.Count} seed(s)", "loss");
        var band = plot.Add.FillY(xs, values.Select(v => v.Min()).ToArray(), values.Select(v => v.Max()).ToArray());
        band.FillColor = Figure.Color(0).WithAlpha(0.25);
        band.LineWidth = 0;
        band.LegendText = "min–max over seeds";
        var mean = plot.Add.Scatter(xs, values.Select(v => v.Average()).ToArray(), Figure.Color(0));
        mean.LineWidth = 2;
        mean.MarkerSize = 0;
        mean.LegendText = "mean";
        plot.ShowLegend(Alignment.UpperRight);
        return Figure.Save(plot, folder, Figure.FileName("loss", stage),
            $"Stage {stage}: training loss, mean over {runs.Count} seed(s) with the min–max range shaded");
    }
}
