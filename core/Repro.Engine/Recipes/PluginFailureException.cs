
namespace Repro.Engine.Recipes;

/// <summary>
/// Plugin code threw: the message names the plugin, its version, the stage and the call, and quotes the plugin's
/// message; the plugin's exception (with its stack trace, for the log) is the inner exception. Exit code 2.
/// </summary>
public sealed class PluginFailureException(Component component, string? stage, string call, Exception inner)
    : ReproException($"plugin '{component.Id}' {component.Plugin.Version} failed{(stage is null ? "" : $" in stage '{stage}'")} ({call}): {ExceptionMessage.Short(inner)}",
        ExitCodes.BadInput, inner);
