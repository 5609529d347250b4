using System.Globalization;
using Repro.Engine.Sweeps;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>One axis of a sweep: a <c>--set</c> path, the values it takes (YAML scalars, as written) and where it was declared.</summary>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values, string Origin);

/// <summary>One configuration of a sweep: its name (<c>c1</c>, <c>c2</c>, ...) and the <c>--set</c> overrides that make it.</summary>
public sealed record SweepConfiguration(string Name, IReadOnlyList<string> Set)
{
    /// <summary>
    /// The overrides, each path shortened to the fewest last parts that tell it from the others': <c>lr=1e-4, lambda_s=3</c>,
    /// or <c>vanilla.optimizer.lr=1e-4, probe.optimizer.lr=1e-3</c> when two axes end alike.
    /// </summary>
    public string Label
    {
        get
        {
            var paths = Set.Select(s => s[..s.IndexOf('=')].Split('.')).ToList();
            string Suffix(string[] parts, int n) => string.Join('.', parts[^Math.Min(n, parts.Length)..]);
            return string.Join(", ", Set.Select((s, i) =>
            {
                var n = 1;
                while (n < paths[i].Length && paths.Where((_, j) => j != i).Any(other => Suffix(other, n) == Suffix(paths[i], n))) n++;
                return $"{Suffix(paths[i], n)}{s[s.IndexOf('=')..]}";
            }));
        }
    }
}

/// <summary>
/// A declared hyperparameter sweep (<c>sweep:</c> in a recipe, or <c>--grid</c>): every combination of the axes' values
/// runs over the recipe's seeds, and each stage's reported configuration is chosen on the dev split of the analysis'
/// primary metric. Test results of the configurations not chosen are never reported.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<SweepAxis> Axes)
{
    /// <summary>Most configurations a sweep may have.</summary>
    public const int MaxConfigurations = 100;

    /// <summary>Top-level recipe fields a sweep may not vary: they define the group, not a configuration.</summary>
    public static readonly string[] FixedFields = ["name", "version", "seed", "seeds", "sweep", "analysis", "plugins", "plugin_paths", "threads", "device", "executor"];

    /// <summary>Every configuration, the first axis varying slowest, named <c>c1</c> to <c>cN</c>.</summary>
    public IReadOnlyList<SweepConfiguration> Configurations()
    {
        IEnumerable<IReadOnlyList<string>> sets = [[]];
        foreach (var axis in Axes)
            sets = sets.SelectMany(set => axis.Values.Select(v => (IReadOnlyList<string>)[.. set, $"{axis.Path}={v}"])).ToList();
        return sets.Select((set, i) => new SweepConfiguration($"c{(i + 1).ToString(CultureInfo.InvariantCulture)}", set)).ToList();
    }

    /// <summary>
    /// The sweep of <paramref name="declared"/> with <c>--grid path=v1,v2</c> options applied: a given path replaces the
    /// declared axis of that path, a new one is appended. Null when there is neither.
    /// </summary>
    public static SweepSpec? WithGrid(SweepSpec? declared, IReadOnlyList<string> grid)
    {
        if (grid.Count == 0) return declared;
        var axes = declared?.Axes.ToList() ?? [];
        foreach (var option in grid)
        {
            var eq = option.IndexOf('=');
            var path = eq > 0 ? option[..eq].Trim() : "";
            var values = eq > 0 ? option[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries) : [];
            if (path.Length == 0 || values.Length == 0 || values.Any(v => v.Length == 0))
                throw new ReproException($"--grid {option}: expected path=v1,v2,..., e.g. --grid stages.target.optimizer.lr=1e-4,3e-4");
            if (CheckAxis(path, values) is { } problem) throw new ReproException($"--grid {option}: {problem}");
            var index = axes.FindIndex(a => a.Path == path);
            var axis = new SweepAxis(path, values, $"--grid {option}");
            if (index >= 0) axes[index] = axis;
            else axes.Add(axis);
        }
        var spec = new SweepSpec(axes);
        if (CheckSize(spec) is { } size) throw new ReproException($"--grid: {size}");
        return spec;
    }

    /// <summary>What is wrong with an axis, or null.</summary>
    internal static string? CheckAxis(string path, IReadOnlyList<string> values)
    {
        var segments = path.Split('.');
        if (segments.Any(s => s.Length == 0)) return $"'{path}' is not a recipe path like stages.target.optimizer.lr";
        if (FixedFields.Contains(segments[0]))
            return $"a sweep cannot vary '{segments[0]}' (fixed for the whole group: {string.Join(", ", FixedFields)})";
        if (values.Count == 0) return $"'{path}' has no values";
        if (values.Distinct().Count() != values.Count) return $"'{path}' lists a value twice";
        return null;
    }

    /// <summary>What is wrong with the number of configurations, or null.</summary>
    internal static string? CheckSize(SweepSpec spec)
    {
        var count = spec.Axes.Aggregate(1L, (n, a) => Math.Min(n * a.Values.Count, long.MaxValue / 1024));
        return count > MaxConfigurations ? $"the sweep has {count} configurations; at most {MaxConfigurations}" : null;
    }
}

/// <summary>
/// Reads and checks <c>sweep:</c>: a mapping of recipe paths (each into a stage the recipe has) to lists of scalar values;
/// it needs a declared analysis to select on. A <c>--grid</c> axis is checked where its configurations are loaded, as a <c>--set</c>.
/// </summary>
internal static class SweepReader
{
    public static SweepSpec? Read(MappingReader root, AnalysisSpec? analysis, IReadOnlyList<Stage> stages)
    {
        var node = root.Get("sweep");
        if (node is null) return null;
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            root.Problem(node, "recipe.sweep is a mapping of recipe paths to value lists, e.g. sweep: { stages.target.optimizer.lr: [1.0e-4, 3.0e-4] }");
            return null;
        }
        var axes = new List<SweepAxis>();
        foreach (var (key, value) in mapping.Children)
        {
            var path = (key as YamlScalarNode)?.Value ?? "";
            var values = value is YamlSequenceNode list && list.Children.All(v => v is YamlScalarNode)
                ? list.Children.Select(v => ((YamlScalarNode)v).Value ?? "").ToList() : null;
            if (values is null) { root.Problem(value, $"recipe.sweep.{path} must be a list of values, e.g. [1.0e-4, 3.0e-4]"); continue; }
            if ((SweepSpec.CheckAxis(path, values) ?? StagePath.MissingStage(root.Document.Root, path)) is { } problem) { root.Problem(key, $"recipe.sweep: {problem}"); continue; }
            axes.Add(new SweepAxis(path, values, root.Where(key)));
        }
        if (analysis is null)
            root.Problem(node, "recipe.sweep selects each stage's configuration on the dev split of analysis.primary: declare analysis: { primary, comparisons, min_effect }");
        else
            foreach (var name in analysis.Comparisons.SelectMany(c => new[] { c.Baseline, c.Candidate }).Distinct())
                if (stages.FirstOrDefault(s => s.Name == name) is { Eval.Splits: { } splits } && !splits.Contains(SweepSelection.Split))
                    root.Problem(node, $"recipe.sweep selects on {SweepSelection.Split}/{analysis.PrimaryMetric}, but stage '{name}' is not evaluated on {SweepSelection.Split} (eval.splits: {string.Join(", ", splits)})");
        var spec = new SweepSpec(axes);
        if (SweepSpec.CheckSize(spec) is { } size) root.Problem(node, $"recipe.sweep: {size}");
        return axes.Count == 0 ? null : spec;
    }
}
