using Repro.Contracts;
using Semver;

namespace Repro.Engine.Plugins;

/// <summary>A discovered plugin: its identity, where it came from, and its parameters.</summary>
public sealed record PluginInfo(
    string Id,
    SemVersion Version,
    PluginKind Kind,
    string Description,
    DeterminismTier Determinism,
    string AssemblyPath,
    string AssemblySha256,
    IPlugin Instance,
    IReadOnlyList<ParameterInfo> Parameters)
{
    /// <summary>The NuGet package the plugin was restored from; null for a built-in or a path plugin.</summary>
    public PluginPackage? Package { get; init; }

    /// <summary>A new parameter object with every default.</summary>
    public object CreateDefaultParameters() => Activator.CreateInstance(Instance.ParametersType)!;
}

/// <summary>One parameter of a plugin as recipes write it.</summary>
/// <param name="Name">snake_case name used in recipes.</param>
/// <param name="Property">The property behind it.</param>
/// <param name="Description">One-line documentation.</param>
/// <param name="Default">The default value, formatted for display.</param>
public sealed record ParameterInfo(string Name, System.Reflection.PropertyInfo Property, string Description, string Default, double Min, double Max)
{
    /// <summary>A short type name for tables: int, number, bool, string, list, or the enum's values.</summary>
    public string TypeName => Property.PropertyType switch
    {
        var t when t == typeof(int) || t == typeof(long) => "int",
        var t when t == typeof(double) || t == typeof(float) => "number",
        var t when t == typeof(bool) => "bool",
        var t when t == typeof(string) => "string",
        { IsEnum: true } t => string.Join("|", Enum.GetNames(t).Select(ParameterNames.ToSnakeCase)),
        _ => "list",
    };
}
