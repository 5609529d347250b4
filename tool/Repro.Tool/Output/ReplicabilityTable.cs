using System.Globalization;
using System.Text;
using Repro.Engine.Statistics;
using Spectre.Console;

using static Repro.Tool.Output.CellText;

namespace Repro.Tool.Output;

/// <summary>The replicability table on the console and as Markdown (<c>repro compare --replicability GROUP... [--markdown FILE]</c>).</summary>
internal static class ReplicabilityTable
{
    public static void Print(Replicability table, IReadOnlyList<string> groups)
    {
        AnsiConsole.MarkupLine(Markup.Escape(Title(table)));
        var grid = new Table().AddColumns(Header(table).Select(Markup.Escape).ToArray());
        foreach (var cells in Rows(table)) grid.AddRow(cells.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(grid);
        foreach (var line in Settings(table, groups)) AnsiConsole.MarkupLine(Markup.Escape(line));
        AnsiConsole.MarkupLine(Markup.Escape(Method(table)));
    }

    public static string Markdown(Replicability table, IReadOnlyList<string> groups)
    {
        var md = new StringBuilder();
        md.AppendLine(Title(table)).AppendLine();
        var header = Header(table);
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Length)));
        foreach (var cells in Rows(table)) md.AppendLine("| " + string.Join(" | ", cells) + " |");
        md.AppendLine();
        foreach (var line in Settings(table, groups)) md.AppendLine($"- {line}");
        md.AppendLine().AppendLine(Method(table));
        return md.ToString();
    }

    private static string Title(Replicability t) =>
        $"replicability across {t.Settings.Count} settings: {t.Rows.Count} declared comparison(s), partial conjunction at α/m = {N(t.Level)}";

    private static string[] Header(Replicability t) => ["comparison (A → B)", "hypothesis", .. t.Settings, "holds in"];

    private static IEnumerable<string[]> Rows(Replicability t) => t.Rows.Select(r => (string[])
    [
        $"{r.Baseline} → {r.Candidate}",
        r.HypothesisWords + (r.Claim?.Gain is { } gain ? $" (claimed {Signed(gain)})" : r.Claim is null ? "" : " (claimed)"),
        .. r.Cells.Select(Cell),
        $"≥ {r.Holds} of {r.Settings}",
    ]);

    // B − A of the primary metric, the decisive estimate's interval, the setting's verdict and the row's one-sided p.
    private static string Cell(ReplicationCell? c)
    {
        if (c is null) return "—";
        var m = c.Comparison.Primary;
        var interval = m.Estimate?.Ci95 is var (low, high) ? $" [{Signed(low)}, {Signed(high)}]" : "";
        return $"{m.Metric} {Signed(m.MeanDifference)}{interval}, {c.Verdict} (p {P(c.P)})";
    }

    // Which group each setting is, then the source of each row's claim.
    private static IEnumerable<string> Settings(Replicability t, IReadOnlyList<string> groups) =>
        t.Settings.Select((label, i) => $"{label}: {groups[i]}")
            .Concat(t.Rows.Where(r => r.Claim is not null).Select(r => $"claim, {r.Baseline} → {r.Candidate}: {r.Claim!.Source}"));

    private static string Method(Replicability t) =>
        "Each cell: B − A of the setting's primary metric with its 95% interval (seeds × test items where the runs recorded predictions, else seeds), " +
        "the setting's declared verdict (or its reading of the paper's claim) and the p of the row's hypothesis in that setting " +
        "(better or worse: the larger of the one-sided t-test's and the sign-flip test's, as a declared verdict needs both; equivalent: TOST). " +
        $"\"holds in ≥ k of n\": partial conjunction (Benjamini & Heller 2008) over the settings' p-values, Holm-combined, at α/m = {N(t.Alpha)}/{t.Rows.Count} " +
        "(Bonferroni across the rows): with at most that family-wise error, the hypothesis holds in at least k of the n settings; it says nothing about the others.";
}
