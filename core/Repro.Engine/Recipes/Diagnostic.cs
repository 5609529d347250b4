namespace Repro.Engine.Recipes;

/// <summary>One problem found in a recipe, with where it is (<c>file:line:column</c> or a <c>--set</c> override).</summary>
public sealed record Diagnostic(string Location, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>Every problem of a recipe at once. Exit code 2.</summary>
public sealed class RecipeException(IReadOnlyList<Diagnostic> diagnostics)
    : ReproException(Format(diagnostics), ExitCodes.BadInput)
{
    /// <summary>The problems, in the order they appear in the file.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;

    private static string Format(IReadOnlyList<Diagnostic> diagnostics) =>
        $"the recipe has {diagnostics.Count} problem{(diagnostics.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", diagnostics.Select(d => "  " + d));
}
