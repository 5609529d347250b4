using Repro.Engine;
using System.Globalization;
using Repro.Engine.Runs;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>A group's metrics across seeds: mean ± sample std and the 95% interval of the mean.</summary>
internal static class GroupTable
{
    public static void Print(GroupFile group, string path)
    {
        var table = new Table().Title($"{Markup.Escape(group.Recipe)}, seeds {string.Join(",", group.Seeds)}")
            .AddColumns("stage", "split", "metric", "mean ± std", "95% CI", "n");
        foreach (var (key, metric) in group.Metrics)
        {
            var (stage, split, name) = MetricKey.Parse(key);
            table.AddRow(Markup.Escape(stage), Markup.Escape(split), Markup.Escape(name), $"{Numbers.Metric(metric.Mean)} ± {Numbers.Metric(metric.Std)}",
                metric.Ci95 is [var low, var high] ? $"[[{Numbers.Metric(low)}, {Numbers.Metric(high)}]]" : "—", metric.Seeds.Count.ToString(CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"group file: {Markup.Escape(path)}");
        if (Headline.Of(group, path) is { } headline) AnsiConsole.MarkupLine(Markup.Escape(headline));
    }
}
