using Repro.Contracts;
using Repro.Engine.Recipes;

namespace Repro.Engine.Planning;

/// <summary>
/// Runs what the planner asks of a component's plugin (load a task's data, count or build a model); bad input it reports
/// becomes a recipe problem at the component's place (a model's checkpoint line), so every planning refusal has a position.
/// A plugin that crashed (<see cref="PluginFailureException"/>) stays as it is: it names the plugin and keeps the trace for the log.
/// </summary>
internal static class AtComponent
{
    public static T Run<T>(Component component, Func<T> action)
    {
        try { return action(); }
        catch (ReproException e) when (e.ExitCode == ExitCodes.BadInput && e is not (RecipeException or PluginFailureException))
        {
            throw new RecipeException([new Diagnostic(component.Document.Where(component.Checkpoint?.At ?? component.At), $"{component.Context}: {e.Message}")]);
        }
    }
}
