using Repro.Engine;
using System.Globalization;
using System.Text;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Tool.Reports;

/// <summary>
/// A multi-seed group's report: <c>report.md</c> with, per test metric, a bar chart of each stage's mean, 95% CI and
/// seeds; the sanity checks; a table of mean ± std [CI] for every metric; and each stage's training loss across seeds.
/// </summary>
internal static class GroupReportPage
{
    /// <summary>Writes the figures and <c>report.md</c> into <paramref name="folder"/>; returns the Markdown file's path and the seeds whose run directory is missing.</summary>
    public static (string Path, IReadOnlyList<long> MissingRuns) Write(GroupSummary group, string folder, Repro.Engine.Statistics.SanityGates.Result? sanity)
    {
        Directory.CreateDirectory(folder);
        var histories = new SortedDictionary<long, StepHistory>();
        var missing = new List<long>();
        foreach (var seed in group.Seeds)
        {
            if (group.Runs.TryGetValue(seed, out var run) && Directory.Exists(run)) histories[seed] = StepHistory.Read(new RunFiles(run).Steps);
            else missing.Add(seed);
        }
        // In a sweep each stage's curves come from the runs of the configuration chosen for it.
        var read = new Dictionary<string, StepHistory>();
        IEnumerable<StepHistory> HistoriesOf(string stage) => group.RunsOf(stage).Values.Where(Directory.Exists)
            .Select(run => read.TryGetValue(run, out var h) ? h : read[run] = StepHistory.Read(new RunFiles(run).Steps));
        // Stages in recipe order (cached stages are missing from step logs), then any others in the order they ran.
        var recipeStages = group.Runs.Values.Where(Directory.Exists).Select(RecipeStages.Read).FirstOrDefault(s => s.Count > 0) ?? [];
        var stages = recipeStages.Select(s => s.Name).Concat(histories.Values.SelectMany(h => h.Stages)).Concat(group.Metrics.Select(m => m.Stage)).Distinct().ToList();
        int Order(GroupMetric m) => stages.IndexOf(m.Stage);
        // Masked-LM metrics of pretraining stages share names (accuracy, loss) with the task metrics but not their meaning.
        var pretraining = recipeStages.Where(s => StageKinds.Named(s.Kind)?.LanguageModel == true).Select(s => s.Name).ToHashSet();

        var md = new StringBuilder($"# {group.Recipe}: {group.Seeds.Count} seed(s) ({string.Join(", ", group.Seeds)})\n\n");
        md.Append($"- Group file: `{Path.GetRelativePath(folder, group.Path)}`\n");
        foreach (var seed in group.Seeds)
            md.Append(group.Runs.TryGetValue(seed, out var run)
                ? $"- Seed {seed}: [`{Path.GetFileName(run)}`]({Path.GetRelativePath(folder, run).Replace('\\', '/')}){(missing.Contains(seed) ? " (missing: no curves for this seed)" : "")}\n"
                : $"- Seed {seed}: no run directory listed\n");

        if (group.Sweep is not null) md.Append($"- Sweep: {group.Sweep.Configurations.Count} configurations\n\n## Sweep\n\n").Append(Output.SweepTable.Markdown(group.Sweep));

        var splits = group.Metrics.Any(m => m.Split == "test") ? ["test"] : group.Metrics.Select(m => m.Split).Distinct().Order(StringComparer.Ordinal).ToList();
        md.Append($"\n## {(splits is ["test"] ? "Test metrics" : "Metrics")} by stage\n\n");
        var charted = group.Metrics.Where(m => !pretraining.Contains(m.Stage)).ToList() is { Count: > 0 } tasks ? tasks : group.Metrics;
        foreach (var bySplitMetric in charted.Where(m => splits.Contains(m.Split)).GroupBy(m => (m.Split, m.Name))
                     .OrderBy(g => g.Key.Split, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
            md.Append(Figure.Markdown(GroupFigures.Bars(bySplitMetric.Key.Split, bySplitMetric.Key.Name, bySplitMetric.OrderBy(Order).ToList(), folder)));

        if (sanity is not null) md.Append(Output.SanityLines.Markdown(sanity)).Append('\n');

        md.Append("## All metrics\n\n| stage | split | metric | mean ± std | 95% CI | seeds |\n|---|---|---|---|---|---|\n");
        foreach (var m in group.Metrics.OrderBy(Order).ThenBy(m => m.Split, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal))
            md.Append($"| {m.Stage} | {m.Split} | {m.Name} | {Numbers.Metric(m.Mean)} ± {(m.Std is { } s ? Numbers.Metric(s) : "–")} | "
                      + $"{(m.CiLow is { } lo && m.CiHigh is { } hi ? $"[{Numbers.Metric(lo)}, {Numbers.Metric(hi)}]" : "–")} | "
                      + $"{string.Join(", ", m.Seeds.OrderBy(p => p.Key).Select(p => $"{p.Key}: {Numbers.Metric(p.Value)}"))} |\n");

        md.Append("\n## Training loss across seeds\n\n");
        if (histories.Count == 0) md.Append("None of the runs was found, so there are no curves.\n\n");
        foreach (var stage in stages)
        {
            var figure = GroupFigures.Loss(stage, HistoriesOf(stage).Select(h => h.Train(stage)).ToList(), folder);
            if (figure is not null) md.Append($"### Stage `{stage}`\n\n").Append(Figure.Markdown(figure));
        }
        var path = Path.Combine(folder, "report.md");
        AtomicFile.WriteText(path, md.ToString());
        return (path, missing);
    }
}
