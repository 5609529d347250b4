using System.Globalization;
using System.Text;
using Repro.Engine.Sweeps;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>A sweep's selection: each configuration's mean of the selection metric per stage, the chosen one marked.</summary>
internal static class SweepTable
{
    public static void Print(SweepResult sweep)
    {
        var (header, rows) = Cells(sweep);
        var table = new Table().Title(Markup.Escape($"configurations chosen per stage on mean {sweep.Metric} (*)")).AddColumns(header.Select(Markup.Escape).ToArray());
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        foreach (var line in Notes(sweep)) AnsiConsole.MarkupLine(Markup.Escape(line));
    }

    public static string Markdown(SweepResult sweep)
    {
        var (header, rows) = Cells(sweep);
        var md = new StringBuilder($"Configurations, each stage's chosen on its mean {sweep.Metric} (marked *); every other number in this page is the chosen configuration's.\n\n");
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        foreach (var line in Notes(sweep)) md.AppendLine($"- {line}");
        return md.ToString();
    }

    private static (IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows) Cells(SweepResult sweep)
    {
        var stages = sweep.Configurations.SelectMany(c => c.Selection.Keys).Distinct().ToList();
        List<string> header = ["configuration", "set", .. stages];
        var rows = sweep.Configurations.Select(c => (string[])[c.Name, string.Join(", ", c.Set),
            .. stages.Select(s => c.Selection.TryGetValue(s, out var mean)
                ? mean.ToString("0.0000", CultureInfo.InvariantCulture) + (sweep.Selected.GetValueOrDefault(s) == c.Name ? " *" : "") : "–")]).ToList();
        return (header, rows);
    }

    private static IEnumerable<string> Notes(SweepResult sweep)
    {
        var fixedStages = sweep.Selected.Keys.Where(s => !sweep.Configurations[0].Selection.ContainsKey(s)).ToList();
        if (fixedStages.Count > 0) yield return $"without {sweep.Metric}, the same in every configuration: {string.Join(", ", fixedStages)}";
        if (sweep.Unselected.Count > 0) yield return $"left out (no {sweep.Metric} to choose on, and different across configurations): {string.Join(", ", sweep.Unselected)}";
    }
}
