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
            problems.Add(Diagnose(component, e) ?? new Diagnostic(component.Document!.Where(component.At), $"{component.Context}: {PluginCall.Failure(component, null, "Validate", e).Message}"));
        }
    }

    /// <summary>
    /// The diagnostic of a plugin's exception that names one of its parameters (a <see cref="ParameterException"/>, or an
    /// <see cref="ArgumentException"/> whose ParamName is one), at the parameter's value (the component's position when the
    /// parameter is left at its default); null for other exceptions, or when the component was not read from a recipe.
    /// </summary>
    public static Diagnostic? Diagnose(Component component, Exception e) => e switch
    {
        ParameterException p => Diagnose(component, p.Parameter, p.Message),
        ArgumentException { ParamName: { } name } a => Diagnose(component, name, a.Message.Replace($" (Parameter '{name}')", "")),
        _ => null,
    };

    private static Diagnostic? Diagnose(Component component, string name, string message)
    {
        var parameter = component.Plugin.Parameters.FirstOrDefault(p => p.Name == name || p.Property.Name == name);
        if (component.Document is not { } document || parameter is null) return null;
        var value = component.ParametersNode?.Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value == parameter.Name).Value;
        return new Diagnostic(document.Where(value ?? component.At),
            $"{component.Context}.params.{parameter.Name}: {message} (plugin '{component.Id}' {component.Plugin.Version})");
    }
}
