using System.Globalization;
using Repro.Engine;
using Repro.Engine.Execution;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>The final metrics of each run, one row per stage, split and metric, and its primary metric in one line (<see cref="Headline"/>).</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<RunResult> results)
    {
        foreach (var result in results)
        {
            var table = new Table().Title($"seed {result.Seed}").AddColumns("stage", "split", "metric", "value");
            foreach (var (stage, splits) in result.Metrics.Stages)
                foreach (var (split, metrics) in splits)
                    foreach (var (metric, value) in metrics)
                        table.AddRow(stage, split, metric, value.ToString("0.0000", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"run directory: {Markup.Escape(result.Directory)}");
            if (Headline.Of(result) is { } headline) AnsiConsole.MarkupLine(Markup.Escape(headline));
        }
    }
}
