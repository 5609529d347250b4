using System.Globalization;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>
/// Checks that keep a degenerate arm from being read as a method's failure or success, over a group's seeds:
/// a stage whose final training loss is not below the loss of answering the training class frequencies (it did not
/// fit its training data); a stage whose dev accuracy is within <see cref="ChanceMargin"/> of always answering the
/// majority class (it learnt nothing that shows on dev); and, for a declared comparison of an arm fine-tuned from
/// pretrained weights with the same task from scratch, a pretrained arm that does not beat its scratch arm.
/// </summary>
public static class SanityGates
{
    /// <summary>Dev accuracy this close to the majority rate (or below it) counts as chance.</summary>
    public const double ChanceMargin = 0.01;

    /// <summary>
    /// The result: a warning per failed check; how many stages had chance levels to check; how many of the stages that
    /// must fit their training data had a training log to check it with, and which had none (served from the stage cache
    /// by runs made before the cache kept the computing run's log): those are not checked, never counted as passed; and
    /// how many pretrained-vs-scratch pairs were compared.
    /// </summary>
    public sealed record Result(IReadOnlyList<string> Warnings, int StagesChecked, int PairsChecked, int FitChecked = 0, IReadOnlyList<string>? FitNotChecked = null);

    /// <summary>Checks the group in <paramref name="path"/> (a group.json or its folder); runs that cannot be found are skipped.</summary>
    public static Result Check(string path, GroupFile group, AnalysisSpec? analysis)
    {
        var full = Path.GetFullPath(path);
        var folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        var runs = group.Runs.Values.Select(r => new RunFiles(Path.GetFullPath(Path.Combine(folder, r)))).Where(f => File.Exists(f.Recipe)).ToList();
        if (runs.Count == 0) return new Result([], 0, 0);
        var problems = new List<Diagnostic>();
        var recipe = RecipeReader.ReadRecorded(runs[0].Recipe, problems);
        var warnings = new List<string>();
        var checkedStages = 0;
        var fitChecked = 0;
        var fitNotChecked = new List<string>();
        foreach (var stage in recipe.Stages.Where(s => s.Facts.Gates.HasFlag(SanityGate.Chance)))
        {
            var stageRuns = group.RunsOf(stage.Name).Values.Select(r => new RunFiles(Path.GetFullPath(Path.Combine(folder, r)))).ToList();
            var chance = stageRuns.Select(f => f.ReadManifest()?.Tasks.GetValueOrDefault(stage.Name)?.Chance).FirstOrDefault(c => c is not null);
            if (chance is null) continue;
            checkedStages++;
            var losses = stageRuns.Select(f => StepRows.FinalTrainingLoss(f, stage.Name)).OfType<double>().ToList();
            if (stage.Facts.Gates.HasFlag(SanityGate.Fit) && chance.GetValueOrDefault("train")?.PriorLoss is not null)
            {
                if (losses.Count > 0) fitChecked++;
                else fitNotChecked.Add(stage.Name);
            }
            if (stage.Facts.Gates.HasFlag(SanityGate.Fit) && losses.Count > 0 && chance.GetValueOrDefault("train")?.PriorLoss is { } prior && losses.Average() >= prior)
                warnings.Add($"stage '{stage.Name}' did not fit its training data: its final training loss {Numbers.Metric(losses.Average())} (mean of {losses.Count} seed(s)" +
                             $"{(stage.Components.Any(c => c.Plugin.Kind == Contracts.PluginKind.Regularizer) ? ", regularizer penalties included" : "")}) is not below {Numbers.Metric(prior)}, the loss of answering the training class frequencies");
            if (group.Metrics.GetValueOrDefault($"{stage.Name}/dev/accuracy") is { } dev && chance.GetValueOrDefault("dev") is { } level
                && dev.Mean <= level.MajorityRate + ChanceMargin)
                warnings.Add($"stage '{stage.Name}' is at chance on dev: accuracy {Numbers.Metric(dev.Mean)} against {Numbers.Metric(level.MajorityRate)} for always answering the training majority class");
        }
        var pairs = 0;
        foreach (var (a, b) in analysis?.Comparisons ?? [])
        {
            var (first, second) = (recipe.Stages.FirstOrDefault(s => s.Name == a), recipe.Stages.FirstOrDefault(s => s.Name == b));
            if (first?.NamedTasks is not [var (_, firstTask)] || second?.NamedTasks is not [var (_, secondTask)] || firstTask.Identity != secondTask.Identity) continue;
            var (pretrained, scratch) = (Pretrained(first, recipe), Pretrained(second, recipe)) switch
            {
                (true, false) when Scratch(second, recipe) => (first, second),
                (false, true) when Scratch(first, recipe) => (second, first),
                _ => (null, null),
            };
            if (pretrained is null || scratch is null) continue;
            var key = $"/{analysis!.Primary}";
            if (group.Metrics.GetValueOrDefault(pretrained.Name + key) is not { } p || group.Metrics.GetValueOrDefault(scratch.Name + key) is not { } s) continue;
            pairs++;
            var lower = MetricDirection.Of(key) == Direction.LowerIsBetter;
            if (lower ? p.Mean >= s.Mean : p.Mean <= s.Mean)
                warnings.Add($"the pretrained arm '{pretrained.Name}' does not beat its scratch arm '{scratch.Name}' on {analysis.Primary} ({Numbers.Metric(p.Mean)} against {Numbers.Metric(s.Mean)})");
        }
        return new Result(warnings, checkedStages, pairs, fitChecked, fitNotChecked);
    }

    // Fine-tuned from an earlier stage or from a checkpoint, rather than from random weights.
    private static bool Pretrained(Stage stage, Recipe recipe) =>
        stage.Facts.Gates.HasFlag(SanityGate.PretrainedBeatsScratch) && (stage.From.Count > 0 || recipe.ModelOf(stage)?.Checkpoint is not null);

    // Fine-tuned from random weights.
    private static bool Scratch(Stage stage, Recipe recipe) =>
        stage.Facts.Gates.HasFlag(SanityGate.PretrainedBeatsScratch) && stage.From.Count == 0 && recipe.ModelOf(stage)?.Checkpoint is null;
}
