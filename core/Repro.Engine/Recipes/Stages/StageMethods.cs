namespace Repro.Engine.Recipes;

/// <summary>
/// The fine-tuning methods built into training stages rather than shipped as plugins: settings of a stage that work with any
/// model plugin. <c>repro plugins</c> lists them beside the plugins, so what a recipe can ask for is in one listing.
/// </summary>
public static class StageMethods
{
    /// <summary>One built-in method: its name, the recipe setting that asks for it, and what it does.</summary>
    public sealed record Method(string Name, string Setting, string Description);

    /// <summary>Every built-in method, by name.</summary>
    public static IReadOnlyList<Method> All { get; } =
    [
        new("freeze", "stages.NAME.freeze: [prefixes]",
            "Keep the named body parameters fixed (* stands for one name part): linear probes, partial fine-tuning, adapter tuning"),
        new("lora", "stages.NAME.lora: { rank, alpha, dropout, targets }",
            "LoRA (Hu et al. 2021) on any model's Linear layers matched by name: W x + (alpha/rank) B A x, B starting at zero; " +
            "the body stays frozen; saved merged, exported in PEFT's layout (repro export) or merged (--merge)"),
    ];
}
