using Repro.Contracts;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Training;

/// <summary>A stage's evaluations: which splits it evaluates, what their metrics are named, and each one logged.</summary>
internal static class StageEvaluation
{
    /// <summary>The splits a stage evaluates: its <c>eval.splits</c>, or every split of the task but train.</summary>
    public static IReadOnlyList<string> Splits(StageSpec stage, ITask task)
    {
        var splits = stage.Eval.Splits ?? task.Splits.Where(s => s != "train").ToList();
        foreach (var split in splits.Where(s => !task.Splits.Contains(s)))
            throw new ReproException($"stages.{stage.Name}.eval.splits: task '{stage.Task!.Id}' has no split '{split}'; it has {string.Join(", ", task.Splits)}");
        return splits;
    }

    /// <summary>A metric's split name: the split, or <c>task.split</c> in a multitask stage.</summary>
    public static string SplitName(StageSpec stage, StageMember member, string split) => stage.Mixture is null ? split : $"{member.Name}.{split}";

    /// <summary>One split's metrics at <paramref name="step"/>, written to the step log and reported.</summary>
    public static SortedDictionary<string, double> Evaluate(RunContext run, StageSpec stage, Component modelComponent, StageMember member, string split, int step)
    {
        var metrics = stage.Eval.Metrics ?? member.Task.Task.Metrics;
        // The forward passes are the model plugin's code; metrics the host computes throw ReproException, which passes unchanged.
        var result = PluginCall.Run(modelComponent, stage.Name, "forward (evaluation)", () => Evaluator.Evaluate(member.Model, member.Task.Task,
            member.Task.Encoded(split), metrics, stage.MaskProbability,
            run.Tokenizer.VocabularySize, run.Seeds.Derive($"eval-masking:{SplitName(stage, member, split)}", stage.Seed), run.Device));
        var record = new EvalRecord(stage.Name, step, SplitName(stage, member, split), result);
        run.Log.Write(record);
        run.Observer.Evaluated(record);
        return result;
    }
}
