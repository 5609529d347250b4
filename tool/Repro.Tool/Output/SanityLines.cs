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
            yield return "nothing checked: the runs record no chance levels (runs made before Repro recorded them, or tasks other than sentence classification, which have none), and no declared comparison pairs a pretrained arm with its scratch arm";
        else if (result.StagesChecked == 0)
            yield return $"the runs record no chance levels (runs made before Repro recorded them, or tasks other than sentence classification, which have none); checked {pairs} only" + (result.Warnings.Count == 0 ? ": passed" : "");
        else if (result.Warnings.Count == 0)
            yield return $"passed: {result.StagesChecked} stage(s) above chance on dev, {result.FitChecked} of them checked to fit their training data; {pairs}, none behind scratch";
        if (result.FitNotChecked is { Count: > 0 } notChecked)
            yield return $"not checked: whether {string.Join(", ", notChecked.Select(s => $"'{s}'"))} fit their training data: served from the stage cache without the training log of the run that computed them";
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
