using Repro.Contracts;

namespace Repro.Engine.Recipes;

/// <summary>
/// The one rule of how a text task trains: a task whose target is <see cref="TargetKind.MaskedLm"/> or
/// <see cref="TargetKind.CausalLm"/> means "language modelling of this text", and the model decides the objective
/// (<see cref="IModelPlugin.LanguageModelObjective"/>): masked LM for an encoder, next-token prediction for a decoder.
/// </summary>
public static class LanguageModelObjective
{
    /// <summary>The names a recipe's <c>objective:</c> takes, in the order of <see cref="TargetKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Name(TargetKind.MaskedLm), Name(TargetKind.CausalLm)];

    /// <summary>Whether <paramref name="target"/> is a language-modelling target (masked or causal).</summary>
    public static bool IsText(TargetKind target) => target is TargetKind.MaskedLm or TargetKind.CausalLm;

    /// <summary>The objective <paramref name="model"/>'s plugin trains text with; masked LM when there is no model.</summary>
    public static TargetKind Of(Component? model) =>
        model?.Plugin.Instance is IModelPlugin plugin ? plugin.LanguageModelObjective : TargetKind.MaskedLm;

    /// <summary>As recipes, errors and the manifest write it: <c>maskedlm</c>, <c>causallm</c>.</summary>
    public static string Name(TargetKind target) => target.ToString().ToLowerInvariant();

    /// <summary>The objective a recipe's <c>objective:</c> names, or null for an unknown name.</summary>
    public static TargetKind? Parse(string? name) =>
        name == Name(TargetKind.MaskedLm) ? TargetKind.MaskedLm : name == Name(TargetKind.CausalLm) ? TargetKind.CausalLm : null;
}
