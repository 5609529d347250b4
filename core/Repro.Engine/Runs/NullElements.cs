using System.Collections;
using System.Reflection;

namespace Repro.Engine.Runs;

/// <summary>
/// Finds a null where a file's type says there is none inside a list or a dictionary (<c>"runs": {"1": null}</c>), which the JSON
/// reader lets through (it checks a record's own fields only): the rest of <see cref="Json.Read{T}"/>'s strictness.
/// </summary>
internal static class NullElements
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The path of the first null element that <paramref name="value"/>'s declared types forbid (<c>metrics.a/b/c</c>), or null.</summary>
    public static string? Find(object value) => Find(value, "", depth: 0);

    private static string? Find(object value, string path, int depth)
    {
        if (depth > 64 || value.GetType().Assembly != typeof(NullElements).Assembly) return null;
        // A record's data: the properties its constructor fills (computed properties are not read, they may not hold on damaged data).
        var fields = value.GetType().GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!fields.Contains(property.Name) || property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            if (property.GetValue(value) is not { } child) continue;
            var name = Join(path, property.Name);
            if (Inside(child, Nullability.Create(property), name, depth) is { } found) return found;
        }
        return null;
    }

    // A property's value: a record of ours (its own properties), a dictionary or a list (each element), or a leaf.
    private static string? Inside(object child, NullabilityInfo info, string path, int depth)
    {
        switch (child)
        {
            case string:
                return null;
            case IDictionary dictionary:
                var valueInfo = info.GenericTypeArguments.Length == 2 ? info.GenericTypeArguments[1] : null;
                foreach (DictionaryEntry entry in dictionary)
                {
                    var at = $"{path}.{entry.Key}";
                    if (entry.Value is null) { if (valueInfo?.ReadState == NullabilityState.NotNull) return at; continue; }
                    if (valueInfo is not null && Inside(entry.Value, valueInfo, at, depth + 1) is { } found) return found;
                }
                return null;
            case IEnumerable list:
                var elementInfo = info.ElementType ?? (info.GenericTypeArguments.Length == 1 ? info.GenericTypeArguments[0] : null);
                var index = 0;
                foreach (var element in list)
                {
                    var at = $"{path}[{index++}]";
                    if (element is null) { if (elementInfo?.ReadState == NullabilityState.NotNull) return at; continue; }
                    if (elementInfo is not null && Inside(element, elementInfo, at, depth + 1) is { } found) return found;
                }
                return null;
            default:
                return Find(child, path, depth + 1);
        }
    }

    private static string Join(string path, string property)
    {
        var snake = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
        return path.Length == 0 ? snake : $"{path}.{snake}";
    }
}
