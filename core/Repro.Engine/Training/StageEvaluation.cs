using Repro.Contracts;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Training;

/// <summary>A stage's evaluations, each on a split the stage evaluates (<see cref="Stage.EvaluatedSplits"/>): computed, logged and reported.</summary>
internal static class StageEvaluation
{
    /// <summary>
    /// One split's metrics at <paramref name="step"/>, written to the step log and reported; the <paramref name="final"/>
    /// evaluation also writes the split's per-example predictions (<see cref="RunFiles.Predictions(string, string)"/>).
    /// </summary>
    public static SortedDictionary<string, double> Evaluate(RunContext run, Stage stage, Component modelComponent, StageMember member, string split, int step, bool final = false)
    {
        var metrics = stage.ReportedMetrics(member.Task.Task);
        // The forward passes are the model plugin's code; metrics the host computes throw ReproException, which passes unchanged.
        IReadOnlyList<PredictionRow>? rows = null;
        var result = PluginCall.Run(modelComponent, stage.Name, "forward (evaluation)", () => Evaluator.Evaluate(member.Model, member.Task.Task,
            member.Task.Encoded(split), metrics, stage.EvaluationMaskProbability,
            run.Tokenizer.VocabularySize, run.Seeds.For(SeedPurpose.EvaluationMasking(member.Planned.MetricSplit(split)), stage.Seed), run.Device, out rows));
        if (final && rows is not null)
            PredictionFile.Write(run.Files.Predictions(stage.Name, member.Planned.MetricSplit(split)), [.. member.Task.Task.Get(split).Select(e => e.Id)], rows);
        var record = new EvalRecord(stage.Name, step, member.Planned.MetricSplit(split), result);
        run.Log.Write(record);
        run.Observer.Evaluated(record);
        return result;
    }
}
