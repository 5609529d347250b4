using Repro.Contracts;

namespace Repro.Engine.Recipes;

/// <summary>
/// The one boundary between the engine and plugin code: what a plugin throws becomes an error that names the plugin,
/// its version, the stage and the call. Cancellation and the host's own <see cref="ReproException"/>s pass unchanged.
/// </summary>
internal static class PluginCall
{
    /// <summary>Calls <paramref name="body"/>, plugin code of <paramref name="component"/>, as <paramref name="call"/>.</summary>
    public static T Run<T>(Component component, string? stage, string call, Func<T> body)
    {
        try { return body(); }
        catch (Exception e) when (IsFailure(e)) { throw Failure(component, stage, call, e); }
    }

    /// <inheritdoc cref="Run{T}"/>
    public static void Run(Component component, string? stage, string call, Action body)
    {
        try { body(); }
        catch (Exception e) when (IsFailure(e)) { throw Failure(component, stage, call, e); }
    }

    /// <summary>Whether <paramref name="e"/>, thrown by plugin code, is the plugin's failure rather than cancellation or a host error.</summary>
    public static bool IsFailure(Exception e) => e is not (ReproException or OperationCanceledException or OutOfMemoryException);

    /// <summary>
    /// What a plugin's exception becomes: a rejected parameter (<see cref="ParameterException"/>, or an
    /// <see cref="ArgumentException"/> naming a parameter) is reported at its position in the recipe, bad input the plugin
    /// found (<see cref="PluginInputException"/>) keeps its message, anything else is a <see cref="PluginFailureException"/>.
    /// </summary>
    public static ReproException Failure(Component component, string? stage, string call, Exception e) => e switch
    {
        _ when ParameterRejection.Diagnose(component, e) is { } diagnostic => new RecipeException([diagnostic]),
        PluginInputException => new ReproException(
            $"{component.Plugin.Kind.ToString().ToLowerInvariant()} plugin '{component.Id}' {component.Plugin.Version}{(stage is null ? "" : $" in stage '{stage}'")}: {e.Message}"),
        _ => new PluginFailureException(component, stage, call, e),
    };
}
