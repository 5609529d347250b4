using Repro.Engine.Statistics;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>The sanity checks of a group (<see cref="SanityGates"/>) on the console and as Markdown.</summary>
internal static class SanityLines
{
    public static IEnumerable<string> Lines(SanityGates.Result result)
    {
        var pairs = $"{result.PairsChecked} pretrained-vs-scratch comparison(s)";
        if (result.StagesChecked == 0 && result.PairsChecked == 0)
            yield return "nothing checked: the runs record no chance levels (they were made before Repro recorded them), and no declared comparison pairs a pretrained arm with its scratch arm";
        else if (result.StagesChecked == 0)
            yield return $"the runs record no chance levels (they were made before Repro recorded them); checked {pairs} only" + (result.Warnings.Count == 0 ? ": passed" : "");
        else if (result.Warnings.Count == 0)
            yield return $"passed: {result.StagesChecked} stage(s) fit their training data and are above chance on dev; {pairs}, none behind scratch";
        foreach (var warning in result.Warnings) yield return $"⚠ {warning}";
    }

    public static void Print(SanityGates.Result result)
    {
        foreach (var line in Lines(result))
            AnsiConsole.MarkupLine(line.StartsWith('⚠') ? $"[yellow]{Markup.Escape(line)}[/]" : Markup.Escape($"sanity checks: {line}"));
    }

    public static string Markdown(SanityGates.Result result) =>
        "## Sanity checks\n\n" + string.Concat(Lines(result).Select(l => $"- {(l.StartsWith('⚠') ? $"**{l}**" : l)}\n"));
}
