using System.Globalization;
using Repro.Contracts;
using Repro.Engine.Plugins;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>Binds a recipe's <c>params:</c> mapping onto a plugin's parameter object, reporting every problem.</summary>
internal static class ParameterBinder
{
    public static object Bind(PluginInfo plugin, YamlMappingNode? node, RecipeDocument document, string context, List<Diagnostic> problems)
    {
        var target = plugin.CreateDefaultParameters();
        if (node is null) return target;
        var names = plugin.Parameters.Select(p => p.Name).ToList();
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var parameter = plugin.Parameters.FirstOrDefault(p => p.Name == key);
            if (parameter is null)
            {
                problems.Add(new Diagnostic(document.Where(keyNode),
                    $"{context}: plugin '{plugin.Id}' has no parameter '{key}'{Suggestions.DidYouMean(key, names)}; it has {(names.Count == 0 ? "none" : string.Join(", ", names))}"));
                continue;
            }
            var error = TryConvert(valueNode, parameter, out var value);
            if (error is not null)
            {
                problems.Add(new Diagnostic(document.Where(valueNode), $"{context}.{key}: {error}"));
                continue;
            }
            parameter.Property.SetValue(target, value);
        }
        return target;
    }

    private static string? TryConvert(YamlNode node, ParameterInfo parameter, out object? value)
    {
        var type = parameter.Property.PropertyType;
        value = null;
        if (type.IsArray)
        {
            if (node is not YamlSequenceNode sequence) return $"must be a list of {type.GetElementType()!.Name}";
            var array = Array.CreateInstance(type.GetElementType()!, sequence.Children.Count);
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var error = ConvertScalar(sequence.Children[i], type.GetElementType()!, parameter, out var item);
                if (error is not null) return $"item {i}: {error}";
                array.SetValue(item, i);
            }
            value = array;
            return null;
        }
        return ConvertScalar(node, type, parameter, out value);
    }

    private static string? ConvertScalar(YamlNode node, Type type, ParameterInfo parameter, out object? value)
    {
        value = null;
        if (node is not YamlScalarNode { Value: { } text }) return $"must be a single value ({parameter.TypeName})";
        var inv = CultureInfo.InvariantCulture;
        double? number = null;
        if (type == typeof(string)) value = text;
        else if (type == typeof(bool))
        {
            if (!bool.TryParse(text, out var b)) return $"must be true or false, not '{text}'";
            value = b;
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (!long.TryParse(text, NumberStyles.Integer, inv, out var l)) return $"must be an integer, not '{text}'";
            if (type == typeof(int) && (l < int.MinValue || l > int.MaxValue)) return $"{text} is too large";
            value = type == typeof(int) ? (object)(int)l : l;
            number = l;
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            if (!double.TryParse(text, NumberStyles.Float, inv, out var d) || !double.IsFinite(d)) return $"must be a number, not '{text}'";
            value = type == typeof(float) ? (object)(float)d : d;
            number = d;
        }
        else if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n => ParameterNames.ToSnakeCase(n) == text || n == text);
            if (match is null) return $"must be one of {parameter.TypeName}, not '{text}'";
            value = Enum.Parse(type, match);
        }
        else return $"has an unsupported type {type.Name} (plugin bug)";

        if (number is { } n && (n < parameter.Min || n > parameter.Max))
            return $"must be between {parameter.Min.ToString(inv)} and {parameter.Max.ToString(inv)}, not {text}";
        return null;
    }
}
