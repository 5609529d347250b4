using Repro.Contracts;
using Repro.Engine.Recipes;

namespace Repro.Engine.Planning;

/// <summary>
/// Runs a planning step whose bad input is reported without a recipe position (a plugin loading a task's data, counting
/// or building a model; the tokenizer reading its files; a <c>freeze:</c> check) and places it: the problem becomes a
/// recipe problem at the place it concerns, so every planning refusal has a position. Problems already placed pass
/// unchanged, and so does a plugin that crashed (<see cref="PluginFailureException"/>): it names the plugin and keeps the
/// trace for the log.
/// </summary>
internal static class PlacedProblem
{
    /// <summary>Runs <paramref name="action"/>; its bad input becomes the diagnostic <paramref name="place"/> makes of the message.</summary>
    public static T Run<T>(Func<T> action, Func<string, Diagnostic> place)
    {
        try { return action(); }
        catch (ReproException e) when (e.ExitCode == ExitCodes.BadInput && e is not (RecipeException or PluginFailureException))
        {
            throw new RecipeException([place(e.Message)]);
        }
    }

    /// <inheritdoc cref="Run{T}"/>
    public static void Run(Action action, Func<string, Diagnostic> place) => Run(() => { action(); return true; }, place);

    /// <summary>Runs plugin code of <paramref name="component"/>; its bad input is placed at the component (a model's checkpoint line).</summary>
    public static T AtComponent<T>(Component component, Func<T> action) =>
        Run(action, message => new Diagnostic(component.Document.Where(component.Checkpoint?.At ?? component.At), $"{component.Context}: {message}"));
}
