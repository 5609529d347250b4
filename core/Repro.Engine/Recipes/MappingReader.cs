using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// Reads the keys of one YAML mapping with type and range checks, collecting problems instead of
/// stopping at the first; <see cref="RejectUnknownKeys"/> reports every key nobody asked for.
/// </summary>
internal sealed class MappingReader(RecipeDocument document, YamlMappingNode node, string context, List<Diagnostic> problems)
{
    private readonly HashSet<string> _known = [];

    public YamlMappingNode Node => node;

    public RecipeDocument Document => document;

    public List<Diagnostic> Problems => problems;

    public string Where(YamlNode n) => document.Where(n);

    public void Problem(YamlNode at, string message) => problems.Add(new Diagnostic(document.Where(at), message));

    public YamlNode? Get(string key)
    {
        _known.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public bool Has(string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>One of <paramref name="allowed"/>, written as its lower-case name (<c>adamw</c>, <c>cosine</c>).</summary>
    public T? Choice<T>(string key, params T[] allowed) where T : struct, Enum =>
        String(key, allowed: [.. allowed.Select(Name)]) is { } text ? allowed.First(a => Name(a) == text) : null;

    /// <summary>How a recipe writes an enum value: its name in lower case.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public string? String(string key, bool required = false, IReadOnlyList<string>? allowed = null)
    {
        var value = Scalar(key, required, "a string");
        if (value is null) return null;
        if (allowed is not null && !allowed.Contains(value.Value!))
        {
            Problem(value, $"{context}.{key} must be one of {string.Join(", ", allowed)}, not '{value.Value}'{Suggestions.DidYouMean(value.Value!, allowed)}");
            return null;
        }
        return value.Value;
    }

    public long? Long(string key, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        var value = Scalar(key, required, "an integer");
        if (value is null) return null;
        if (!long.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            Problem(value, System.Numerics.BigInteger.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? $"{context}.{key} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {value.Value}"
                : $"{context}.{key} must be an integer, not '{value.Value}'");
            return null;
        }
        return InRange(value, key, result, min, max) ? result : null;
    }

    public int? Int(string key, bool required = false, int min = int.MinValue, int max = int.MaxValue) =>
        (int?)Long(key, required, min, max);

    public double? Double(string key, bool required = false, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var value = Scalar(key, required, "a number");
        if (value is null) return null;
        if (!double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) || !double.IsFinite(result))
        {
            Problem(value, $"{context}.{key} must be a number, not '{value.Value}'");
            return null;
        }
        return InRange(value, key, result, min, max) ? result : null;
    }

    public bool? Bool(string key)
    {
        var value = Scalar(key, false, "true or false");
        if (value is null) return null;
        if (!bool.TryParse(value.Value, out var result))
        {
            Problem(value, $"{context}.{key} must be true or false, not '{value.Value}'");
            return null;
        }
        return result;
    }

    public MappingReader? Mapping(string key, bool required = false)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required) Problem(node, $"{context} needs '{key}'");
            return null;
        }
        if (value is not YamlMappingNode mapping)
        {
            Problem(value, $"{context}.{key} must be a mapping (key: value lines)");
            return null;
        }
        return new MappingReader(document, mapping, $"{context}.{key}", problems);
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var value = Get(key);
        if (value is null) return null;
        if (value is YamlSequenceNode sequence) return sequence;
        Problem(value, $"{context}.{key} must be a list");
        return null;
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        var sequence = Sequence(key);
        if (sequence is null) return null;
        var result = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } s }) result.Add(s);
            else Problem(item, $"{context}.{key} must be a list of strings");
        }
        return result;
    }

    /// <summary>Reports every key of the mapping that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(name))
                Problem(key, $"unknown key '{name}' in {context}{Suggestions.DidYouMean(name, _known)}");
        }
    }

    private YamlScalarNode? Scalar(string key, bool required, string what)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required) Problem(node, $"{context} needs '{key}' ({what})");
            return null;
        }
        if (value is YamlScalarNode scalar) return scalar;
        Problem(value, $"{context}.{key} must be {what}, not a {(value is YamlMappingNode ? "mapping" : "list")}");
        return null;
    }

    private bool InRange(YamlNode at, string key, double value, double min, double max)
    {
        if (value >= min && value <= max) return true;
        // "at least 1" for a value that is too large would mislead: a bound is left out only when it is not the one crossed.
        var range = value < min
            ? (max >= int.MaxValue && value >= int.MinValue ? $"at least {Fmt(min)}" : $"between {Fmt(min)} and {Fmt(max)}")
            : (min <= int.MinValue && value <= int.MaxValue ? $"at most {Fmt(max)}" : $"between {Fmt(min)} and {Fmt(max)}");
        Problem(at, $"{context}.{key} must be {range}, not {Fmt(value)}");
        return false;
    }

    private static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);
}
