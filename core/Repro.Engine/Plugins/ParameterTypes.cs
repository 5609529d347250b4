using System.Reflection;

namespace Repro.Engine.Plugins;

/// <summary>
/// The parameter types a recipe can set and a resolved recipe can write back: <c>int</c>, <c>long</c>, <c>double</c>,
/// <c>float</c>, <c>bool</c>, <c>string</c>, enums, and one-dimensional arrays of those. Nullable types, lists,
/// dates and nested arrays are not.
/// </summary>
internal static class ParameterTypes
{
    private static readonly Type[] Scalars = [typeof(int), typeof(long), typeof(double), typeof(float), typeof(bool), typeof(string)];

    /// <summary>Whether <paramref name="type"/> is one a parameter may have.</summary>
    public static bool IsSupported(Type type) =>
        IsScalar(type) || (type.IsArray && type.GetArrayRank() == 1 && IsScalar(type.GetElementType()!));

    private static bool IsScalar(Type type) => type.IsEnum || Scalars.Contains(type);

    /// <summary>Refuses a parameter class with a parameter of another type, naming the plugin, the property and its type.</summary>
    public static void Check(string pluginId, Type parametersType, string assemblyPath)
    {
        var unsupported = parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.CanRead && !IsSupported(p.PropertyType)).ToList();
        if (unsupported.Count == 0) return;
        throw new ReproException(
            $"plugin '{pluginId}' ({assemblyPath}) has parameter{(unsupported.Count == 1 ? "" : "s")} of unsupported type: " +
            string.Join(", ", unsupported.Select(p => $"{parametersType.Name}.{p.Name} is {Name(p.PropertyType)}")) +
            "; parameters must be int, long, double, float, bool, string, an enum or an array of those");
    }

    /// <summary>A type as C# writes it: <c>int?</c>, <c>List&lt;int&gt;</c>, <c>DateTime</c>.</summary>
    private static string Name(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Name(inner) + "?"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.IsArray ? Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]"
        : type == typeof(int) ? "int" : type == typeof(long) ? "long" : type == typeof(double) ? "double" : type == typeof(float) ? "float"
        : type == typeof(bool) ? "bool" : type == typeof(string) ? "string" : type.Name;
}
