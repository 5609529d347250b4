using System.Text;
using System.Text.Json;
using Repro.Engine;
using Repro.Engine.Runs;

namespace Repro.Tool.Reports;

/// <summary>
/// A run's full report: <c>report.md</c> in the report folder, the run's own summary (<see cref="RunReport"/>: provenance,
/// final metrics, data, plugins) followed by each stage's training-loss and evaluation curves.
/// </summary>
internal static class RunReportPage
{
    /// <summary>Writes the figures and <c>report.md</c> into <paramref name="folder"/>; returns the Markdown file's path.</summary>
    public static string Write(string run, string folder)
    {
        var files = new RunFiles(run);
        var manifest = Read<Manifest>(files.Manifest);
        var metrics = Read<MetricsFile>(files.Metrics);
        var history = StepHistory.Read(files.Steps);
        Directory.CreateDirectory(folder);

        var md = new StringBuilder(RunReport.Render(manifest, metrics));
        md.Append("\n## Curves\n\n");
        if (!File.Exists(files.Steps)) md.Append("This run has no `steps.jsonl`, so there are no curves.\n\n");
        var stages = manifest.Stages.Keys.Concat(history.Stages).Concat(metrics.Stages.Keys).Distinct().ToList();
        foreach (var stage in stages)
        {
            md.Append($"### Stage `{stage}`\n\n");
            var figures = new List<SavedFigure>();
            if (RunFigures.Loss(stage, history.Train(stage), folder) is { } loss) figures.Add(loss);
            figures.AddRange(RunFigures.Evals(stage, history.Evals(stage), folder));
            if (figures.Count == 0)
            {
                var source = manifest.Stages.GetValueOrDefault(stage)?.Source;
                md.Append($"No steps of this stage were logged in this run{(source is null or "computed" ? "" : $" (its result was {(source == "cache" ? "taken from the stage cache" : source)})")}.\n\n");
            }
            foreach (var figure in figures) md.Append(Figure.Markdown(figure));
            if (history.Evals(stage).Select(e => e.Step).Distinct().Count() == 1)
                md.Append("Evaluated once, at the end of the stage: no evaluation curve; the Metrics table above has the numbers.\n\n");
        }
        var path = Path.Combine(folder, "report.md");
        AtomicFile.WriteText(path, md.ToString());
        return path;
    }

    private static T Read<T>(string path)
    {
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json.Options) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new ReproException($"{path}: not a valid {Path.GetFileName(path)} ({e.Message})"); }
    }
}
