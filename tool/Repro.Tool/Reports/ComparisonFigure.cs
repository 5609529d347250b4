using Repro.Engine.Statistics;
using ScottPlot;

namespace Repro.Tool.Reports;

/// <summary>
/// The figure of a comparison: per metric, the mean paired difference B − A as a dot and its 95% CI as a bar
/// (a forest plot), with zero dashed; green where B is significantly better, red where worse, grey otherwise.
/// </summary>
internal static class ComparisonFigure
{
    public static SavedFigure Differences(GroupComparison comparison, string folder, string name)
    {
        var plot = Figure.Create($"{comparison.B} − {comparison.A}: mean paired difference, 95% CI", "B − A", "metric");
        var metrics = comparison.Metrics;
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            double y = metrics.Count - 1 - i; // the first metric on top, as in the table
            var color = m.Verdict switch
            {
                Verdict.BBetter => Colors.Green,
                Verdict.BWorse => Colors.Red,
                Verdict.BHigher or Verdict.BLower => Figure.Color(0),
                _ => Colors.Gray,
            };
            if (m.Ci95 is var (low, high))
            {
                var interval = plot.Add.Line(low, y, high, y);
                interval.LineWidth = 3;
                interval.Color = color;
            }
            plot.Add.Marker(m.MeanDifference, y, MarkerShape.FilledCircle, 10, color);
        }
        var zero = plot.Add.VerticalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Black;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, metrics.Count).Select(i => (double)(metrics.Count - 1 - i)).ToArray(), metrics.Select(m => m.Metric).ToArray());
        plot.Axes.SetLimitsY(-0.75, metrics.Count - 0.25);
        return Figure.Save(plot, folder, name,
            $"{comparison.B} − {comparison.A} over {comparison.PairedSeeds.Count} paired seed(s): dot = mean difference, bar = 95% CI; " +
            "green = B significantly better, red = significantly worse, grey = no significant difference");
    }
}
