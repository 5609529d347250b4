using ScottPlot;

namespace Repro.Tool.Reports;

/// <summary>The figures of one run's stage: the training loss (with the learning rate on a second axis) and the evaluation curves.</summary>
internal static class RunFigures
{
    /// <summary>Training loss over steps; the learning rate on the right axis when it changes during the stage.</summary>
    public static SavedFigure? Loss(string stage, IReadOnlyList<TrainPoint> rows, string folder)
    {
        if (rows.Count == 0) return null;
        var xs = rows.Select(r => (double)r.Step).ToArray();
        var plot = Figure.OverSteps($"{stage}: training loss", "loss");
        var loss = plot.Add.Scatter(xs, rows.Select(r => r.Loss).ToArray(), Figure.Color(0));
        loss.LegendText = "loss";
        loss.LineWidth = 2;
        var lrs = rows.Select(r => r.Lr).ToArray();
        var caption = $"Stage {stage}: training loss per logged step";
        if (lrs.Distinct().Count() > 1)
        {
            var lr = plot.Add.Scatter(xs, lrs, Figure.Color(1));
            lr.Axes.YAxis = plot.Axes.Right;
            lr.LegendText = "learning rate (right axis)";
            lr.LinePattern = LinePattern.Dashed;
            lr.MarkerSize = 0;
            plot.Axes.Right.Label.Text = "learning rate";
            caption += ", learning rate dashed on the right axis";
        }
        else caption += $" (constant learning rate {lrs[0]:G3})";
        plot.ShowLegend(Alignment.UpperRight);
        return Figure.Save(plot, folder, Figure.FileName(stage, "loss"), caption);
    }

    /// <summary>
    /// Evaluation metrics over steps, one line per split and metric: scores within [0, 1] share one figure,
    /// every other metric (a loss, a perplexity) gets its own, so no line is flattened by another's scale.
    /// A stage evaluated only once (at its end) has no curve: its numbers are in the metrics table.
    /// </summary>
    public static IEnumerable<SavedFigure> Evals(string stage, IReadOnlyList<EvalPoint> rows, string folder)
    {
        var series = rows.SelectMany(r => r.Metrics.Select(m => (r.Split, Metric: m.Key, r.Step, m.Value)))
            .GroupBy(p => (p.Split, p.Metric))
            .OrderBy(g => g.Key.Metric, StringComparer.Ordinal).ThenBy(g => g.Key.Split, StringComparer.Ordinal)
            .ToList();
        if (series.All(g => g.Select(p => p.Step).Distinct().Count() < 2)) yield break;
        var bounded = series.Where(g => g.All(p => p.Value is >= 0 and <= 1)).ToList();
        if (bounded.Count > 0)
            yield return Curves(stage, "scores", bounded, folder, $"Stage {stage}: evaluation scores over steps ({string.Join(", ", bounded.Select(g => $"{g.Key.Split} {g.Key.Metric}"))})");
        foreach (var g in series.Except(bounded).GroupBy(g => g.Key.Metric))
            yield return Curves(stage, g.Key, g.ToList(), folder, $"Stage {stage}: evaluation {g.Key} over steps");
    }

    private static SavedFigure Curves(string stage, string what, List<IGrouping<(string Split, string Metric), (string Split, string Metric, int Step, double Value)>> series, string folder, string caption)
    {
        var plot = Figure.OverSteps($"{stage}: evaluation {what}", what);
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].OrderBy(p => p.Step).ToArray();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray(), Figure.Color(i));
            line.LegendText = $"{series[i].Key.Split} {series[i].Key.Metric}";
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        plot.ShowLegend(Alignment.LowerRight);
        return Figure.Save(plot, folder, Figure.FileName(stage, "eval", what), caption);
    }
}
