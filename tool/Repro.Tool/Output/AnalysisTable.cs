using System.Text;
using Repro.Engine.Statistics;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>The declared analysis on the console and as Markdown (<c>repro compare GROUP [--markdown FILE]</c>).</summary>
internal static class AnalysisTable
{
    public static void Print(DeclaredAnalysis analysis)
    {
        AnsiConsole.MarkupLine(Markup.Escape(AnalysisLines.Title(analysis)));
        var table = new Table().AddColumns(AnalysisLines.Header.Select(Markup.Escape).ToArray());
        foreach (var (cells, primary, verdict) in AnalysisLines.Rows(analysis))
        {
            var escaped = cells.Select(Markup.Escape).ToArray();
            if (primary) escaped[^1] = verdict switch
            {
                AnalysisVerdict.Better => $"[green]{escaped[^1]}[/]",
                AnalysisVerdict.Worse => $"[red]{escaped[^1]}[/]",
                _ => escaped[^1],
            };
            table.AddRow(escaped);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(AnalysisLines.Basis(analysis)));
        AnsiConsole.MarkupLine(Markup.Escape(AnalysisLines.AsoNote(analysis)));
        foreach (var line in AnalysisLines.Power(analysis)) AnsiConsole.MarkupLine(Markup.Escape(line));
        foreach (var line in AnalysisLines.Claims(analysis)) AnsiConsole.MarkupLine(Markup.Escape(line));
    }

    public static string Markdown(DeclaredAnalysis analysis)
    {
        var md = new StringBuilder();
        md.AppendLine(AnalysisLines.Title(analysis)).AppendLine();
        md.AppendLine("| " + string.Join(" | ", AnalysisLines.Header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", AnalysisLines.Header.Length)));
        foreach (var (cells, primary, verdict) in AnalysisLines.Rows(analysis))
        {
            if (primary && verdict != AnalysisVerdict.Inconclusive) cells[^1] = $"**{cells[^1]}**";
            md.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
        foreach (var line in AnalysisLines.Power(analysis)) md.AppendLine($"- {line}");
        md.AppendLine().AppendLine("p-values: raw, with the Holm-adjusted value across the declared comparisons in brackets. " +
            "A difference counts when both adjusted tests are below α; otherwise equivalence within the margin counts when the adjusted TOST p is below α. " +
            AnalysisLines.Basis(analysis) + " " + AnalysisLines.AsoNote(analysis));
        if (analysis.Claims.Count > 0)
        {
            md.AppendLine().AppendLine("### Against the papers' claims").AppendLine();
            foreach (var line in AnalysisLines.Claims(analysis)) md.AppendLine($"- {line}");
            md.AppendLine().AppendLine("Each claim is read in this setting only: reproduces, smaller than claimed, not reproduced, contradicted or inconclusive (Repro's docs/statistics.md, \"Papers' claims\").");
        }
        return md.ToString();
    }
}
