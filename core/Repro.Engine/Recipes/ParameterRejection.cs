using Repro.Contracts;
using Repro.Engine.Plugins;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>A plugin's <see cref="ParameterException"/> as a recipe diagnostic at the parameter's position.</summary>
internal static class ParameterRejection
{
    /// <summary>
    /// Calls the plugin's <see cref="IPlugin.Validate"/> on a bound component; a rejected parameter is a diagnostic at its
    /// position, any other exception one at the component's.
    /// </summary>
    public static void Validate(Component component, List<Diagnostic> problems)
    {
        try { component.Plugin.Instance.Validate(component.Parameters); }
        catch (Exception e) when (PluginCall.IsFailure(e))
        {
            problems.Add(e is ParameterException p && Diagnose(component, p) is { } diagnostic ? diagnostic
                : new Diagnostic(component.Document!.Where(component.At), $"{component.Context}: {PluginCall.Failure(component, null, "Validate", e).Message}"));
        }
    }

    /// <summary>
    /// The diagnostic of <paramref name="e"/> at the parameter's value (the component's position when the parameter is left
    /// at its default); null when the component was not read from a recipe or the plugin has no such parameter.
    /// </summary>
    public static Diagnostic? Diagnose(Component component, ParameterException e)
    {
        var parameter = component.Plugin.Parameters.FirstOrDefault(p => p.Name == e.Parameter || p.Property.Name == e.Parameter);
        if (component.Document is not { } document || parameter is null) return null;
        var value = component.ParametersNode?.Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value == parameter.Name).Value;
        return new Diagnostic(document.Where(value ?? component.At),
            $"{component.Context}.params.{parameter.Name}: {e.Message} (plugin '{component.Id}' {component.Plugin.Version})");
    }
}
