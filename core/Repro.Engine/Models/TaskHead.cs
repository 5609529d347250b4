using Repro.Contracts;

namespace Repro.Engine.Models;

/// <summary>The head a task needs: its target and output count.</summary>
internal static class TaskHead
{
    /// <summary>
    /// A language-modelling head over the vocabulary (of the stage's <paramref name="objective"/>, whatever text target the
    /// task declares), one regression output, or one output per class (per token for token classification).
    /// </summary>
    public static HeadSpec For(ITask task, int vocabularySize, TargetKind objective) => task.Target switch
    {
        TargetKind.MaskedLm or TargetKind.CausalLm => new HeadSpec(objective, vocabularySize),
        TargetKind.Regression => new HeadSpec(TargetKind.Regression, 1),
        TargetKind.TokenClassification => new HeadSpec(TargetKind.TokenClassification, task.Labels.Count),
        _ => new HeadSpec(TargetKind.Classification, task.Labels.Count),
    };

    /// <summary>What a head predicts, as errors say it: <c>3 classes</c>, <c>12 tags per word</c>, <c>regression</c>, <c>maskedlm</c>, <c>causallm</c>.</summary>
    public static string Describe(HeadSpec head) =>
        head.Target switch
        {
            TargetKind.Classification => $"{head.Outputs} classes",
            TargetKind.TokenClassification => $"{head.Outputs} tags per word",
            _ => Recipes.LanguageModelObjective.Name(head.Target),
        };
}
