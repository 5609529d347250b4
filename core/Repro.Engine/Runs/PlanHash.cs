using System.Security.Cryptography;
using System.Text;
using Repro.Engine.Recipes;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Runs;

/// <summary>
/// The identity of what a group or sweep was planned to run: SHA-256 of the resolved recipe (every stage with its
/// defaults explicit, the tokenizer, the model, the tolerances and the declared analysis, with <c>--set</c> applied) and
/// the sweep's grid, but not its seeds, its description or the plugin versions that ran it. Under one
/// <c>name@version</c> folder every group and sweep must have the same plan (<see cref="PlanCheck"/>): a changed plan is
/// a new version.
/// </summary>
public static class PlanHash
{
    /// <summary>The plan text of <paramref name="recipe"/> run over <paramref name="grid"/> (null: not a sweep).</summary>
    public static string Text(Recipe recipe, IReadOnlyList<SweepAxis>? grid)
    {
        var root = ResolvedRecipeWriter.Document(recipe, seed: null);
        foreach (var ignored in new[] { "description", "plugins", "plugin_paths" }) root.Children.Remove(new YamlScalarNode(ignored));
        if (grid is { Count: > 0 })
        {
            var axes = new YamlMappingNode();
            foreach (var axis in grid.OrderBy(a => a.Path, StringComparer.Ordinal))
                axes.Add(axis.Path, new YamlSequenceNode(axis.Values.Select(v => new YamlScalarNode(v))));
            root.Add("grid", axes);
        }
        return ResolvedRecipeWriter.Text(root);
    }

    /// <summary>The SHA-256 (hex) of <see cref="Text"/>.</summary>
    public static string Of(Recipe recipe, IReadOnlyList<SweepAxis>? grid) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(recipe, grid))));
}
