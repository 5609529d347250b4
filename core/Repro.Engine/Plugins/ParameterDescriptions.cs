using System.Globalization;
using System.Reflection;
using Repro.Contracts;

namespace Repro.Engine.Plugins;

/// <summary>A plugin's parameters as the host describes them: names, descriptions, ranges and defaults, each value written one way.</summary>
internal static class ParameterDescriptions
{
    /// <summary>The parameters a plugin's parameter class declares.</summary>
    public static IReadOnlyList<ParameterInfo> Of(Type parametersType)
    {
        var defaults = Activator.CreateInstance(parametersType);
        return parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.CanRead)
            .Select(p =>
            {
                var attribute = p.GetCustomAttribute<ParamAttribute>();
                return new ParameterInfo(
                    ParameterNames.ToSnakeCase(p.Name), p, attribute?.Description ?? "",
                    Format(p.GetValue(defaults)), attribute?.Min ?? double.NegativeInfinity, attribute?.Max ?? double.PositiveInfinity);
            })
            .ToList();
    }

    /// <summary>A parameter value as recipes and the resolved recipe write it (invariant culture, round-trip doubles, snake_case enums).</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        Enum e => ParameterNames.ToSnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Array a => "[" + string.Join(", ", a.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
