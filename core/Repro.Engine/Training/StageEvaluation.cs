using Repro.Contracts;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Training;

/// <summary>A stage's evaluations: which splits it evaluates, what their metrics are named, and each one logged.</summary>
internal static class StageEvaluation
{
    /// <summary>The splits a stage evaluates: its <c>eval.splits</c> (the planner checked that the task has them), or every split of the task but train.</summary>
    public static IReadOnlyList<string> Splits(Stage stage, ITask task) => stage.Eval.Splits ?? task.Splits.Where(s => s != "train").ToList();

    /// <summary>
    /// The metrics a stage reports for a task: its <c>eval.metrics</c>, else the task's own; a stage without an encoder (a
    /// baseline) has no probability model, so it reports no loss or perplexity.
    /// </summary>
    public static IReadOnlyList<string> Metrics(Stage stage, ITask task) =>
        (stage.Eval.Metrics ?? task.Metrics).Where(m => stage.Facts.HasEncoder || m is not (MetricNames.Loss or MetricNames.Perplexity)).ToList();

    /// <summary>One split's metrics at <paramref name="step"/>, written to the step log and reported.</summary>
    public static SortedDictionary<string, double> Evaluate(RunContext run, Stage stage, Component modelComponent, StageMember member, string split, int step)
    {
        var metrics = Metrics(stage, member.Task.Task);
        // The forward passes are the model plugin's code; metrics the host computes throw ReproException, which passes unchanged.
        var result = PluginCall.Run(modelComponent, stage.Name, "forward (evaluation)", () => Evaluator.Evaluate(member.Model, member.Task.Task,
            member.Task.Encoded(split), metrics, stage.EvaluationMaskProbability,
            run.Tokenizer.VocabularySize, run.Seeds.For(SeedPurpose.EvaluationMasking(member.Planned.MetricSplit(split)), stage.Seed), run.Device));
        var record = new EvalRecord(stage.Name, step, member.Planned.MetricSplit(split), result);
        run.Log.Write(record);
        run.Observer.Evaluated(record);
        return result;
    }
}
