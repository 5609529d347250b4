using Repro.Engine.Recipes;
using Repro.Engine.Models;

namespace Repro.Engine.Planning;

/// <summary>
/// Whether the declared analysis (<c>analysis:</c>) can be computed from what the runs will report: every stage it
/// compares evaluates the primary split and reports the primary metric on it. Checked when the recipe is planned, with the
/// stages' tasks loaded, so a group whose analysis could never be computed is refused before it runs, not by
/// <c>repro compare</c> afterwards.
/// </summary>
internal static class AnalysisCheck
{
    /// <summary>What keeps the analysis from being computed, at <c>analysis.primary</c>; stages named in <paramref name="unchecked"/> (their tasks did not load) are left out.</summary>
    public static IEnumerable<Diagnostic> Problems(Recipe recipe, IReadOnlyList<StagePlan> stages, IReadOnlySet<string> @unchecked)
    {
        if (recipe.Analysis is not { } analysis) yield break;
        var compared = analysis.Comparisons.SelectMany(c => new[] { c.Baseline, c.Candidate }).Distinct()
            .Select(name => stages.FirstOrDefault(s => s.Spec.Name == name)).OfType<StagePlan>()
            .Where(s => !@unchecked.Contains(s.Spec.Name))
            .Select(s => (Name: s.Spec.Name, Reported: Reported(s))).ToList();
        var at = recipe.Document.Where(recipe.Document.Find("analysis.primary"));

        var withoutSplit = compared.Where(s => !s.Reported.ContainsKey(analysis.PrimarySplit)).ToList();
        if (withoutSplit.Count > 0)
        {
            var evaluated = compared.SelectMany(s => s.Reported.Keys).Where(s => s != analysis.PrimarySplit).Distinct().ToList();
            yield return new Diagnostic(at, $"analysis.primary is {analysis.Primary}, but {Stages(withoutSplit.Select(s => s.Name).ToList())} evaluate{(withoutSplit.Count == 1 ? "s" : "")} " +
                $"no '{analysis.PrimarySplit}' split{Suggestions.DidYouMean(analysis.PrimarySplit, evaluated)} (" +
                string.Join("; ", withoutSplit.Select(s => $"'{s.Name}' evaluates {List(s.Reported.Keys)}")) + ")");
        }
        var withoutMetric = compared.Where(s => s.Reported.TryGetValue(analysis.PrimarySplit, out var metrics) && !metrics.Contains(analysis.PrimaryMetric)).ToList();
        if (withoutMetric.Count > 0)
            yield return new Diagnostic(at, $"analysis.primary is {analysis.Primary}, but {Stages(withoutMetric.Select(s => s.Name).ToList())} report{(withoutMetric.Count == 1 ? "s" : "")} " +
                $"no {analysis.PrimaryMetric} on '{analysis.PrimarySplit}' (" +
                string.Join("; ", withoutMetric.Select(s => $"'{s.Name}' reports {List(s.Reported[analysis.PrimarySplit])}")) +
                "); a stage reports its eval.metrics, else its task's metrics (a baseline no loss or perplexity)");
    }

    /// <summary>The metrics a stage reports, by the split name they are filed under, as its run will report them.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Reported(StagePlan stage) =>
        stage.Tasks.SelectMany(t => stage.Spec.EvaluatedSplits(t.Task).Select(split => (Split: t.MetricSplit(split), Metrics: stage.Spec.ReportedMetrics(t.Task))))
            .GroupBy(r => r.Split).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(r => r.Metrics).Distinct().ToList());

    private static string Stages(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"stage '{names[0]}'" : $"stages {string.Join(", ", names.Select(n => $"'{n}'"))}";

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "nothing";
}
