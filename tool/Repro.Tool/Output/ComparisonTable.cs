using Repro.Engine;
using System.Globalization;
using Repro.Engine.Statistics;
using Spectre.Console;

using static Repro.Tool.Output.CellText;

namespace Repro.Tool.Output;

/// <summary>The result of <c>repro compare</c>: one row per metric, the paired and unpaired seeds, cautions and the verdict line.</summary>
internal static class ComparisonTable
{
    public static void Print(GroupComparison comparison)
    {
        AnsiConsole.MarkupLine($"A: {Markup.Escape(comparison.A)}");
        AnsiConsole.MarkupLine($"B: {Markup.Escape(comparison.B)}");
        var table = new Table().AddColumns("metric", "n", "A mean", "B mean", "B − A", "95% CI seeds", "95% CI seeds × items", "p (t)", "p (permutation)", "r (A, B)", "verdict");
        foreach (var m in comparison.Metrics)
            table.AddRow(Markup.Escape(m.Metric), CellText.Units(m), Numbers.Metric(m.MeanA), Numbers.Metric(m.MeanB), Signed(m.MeanDifference),
                m.Ci95 is var (low, high) ? $"[[{Signed(low)}, {Signed(high)}]]" : "—", Markup.Escape(IntervalBasis.Cell(m, Signed)), P(m.TTestP), P(m.PermutationP), R(m.Correlation), Colour(m));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(IntervalBasis.Sentence(comparison.Metrics)));
        AnsiConsole.MarkupLine($"paired seeds: {string.Join(",", comparison.PairedSeeds)}");
        if (comparison.OnlyInA.Count + comparison.OnlyInB.Count > 0)
            AnsiConsole.MarkupLine($"unpaired seeds (left out): only in A {List(comparison.OnlyInA)}; only in B {List(comparison.OnlyInB)}");
        foreach (var metric in comparison.Unmatched) AnsiConsole.MarkupLine($"not compared: {Markup.Escape(metric)}");
        foreach (var caution in comparison.Cautions()) AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(caution)}");
        AnsiConsole.MarkupLine($"{(comparison.AnyWorse ? "[red]verdict:[/]" : "verdict:")} {Markup.Escape(comparison.Conclusion)}");
    }

    private static string Colour(MetricComparison m) => m.Verdict switch
    {
        Verdict.BBetter => $"[green]{m.VerdictText}[/]",
        Verdict.BWorse => $"[red]{m.VerdictText}[/]",
        _ => Markup.Escape(m.VerdictText),
    };

    private static string List(IReadOnlyList<long> seeds) => seeds.Count == 0 ? "none" : string.Join(",", seeds);
}
