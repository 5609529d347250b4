using System.Text.RegularExpressions;
using Repro.Contracts;
using Repro.Engine.Plugins;

namespace Repro.Engine.Recipes;

/// <summary>Reads, overrides, validates and resolves a recipe: every problem at once, or a ready <see cref="Recipe"/>.</summary>
public static partial class RecipeLoader
{
    /// <summary>
    /// Loads a recipe and the plugins it needs (built-ins, <paramref name="pluginPaths"/>, recipe.plugin_paths, the
    /// packages of recipe.plugins). <paramref name="info"/> hears what resolving did besides reading (a known model
    /// imported into the store); standard error by default. <paramref name="recorded"/>, the manifest of the run being
    /// reproduced or resumed, supplies the plugins the run used that nothing else provides.
    /// </summary>
    public static (Recipe Recipe, PluginCatalog Catalog) Load(string path, IEnumerable<string> overrides, IEnumerable<string> pluginPaths,
        Action<string>? info = null, Runs.Manifest? recorded = null)
    {
        var document = RecipeDocument.Load(path, overrides, recorded?.Recipe.Path);
        var problems = new List<Diagnostic>();
        PluginCatalog? catalog = null;
        var recipe = RecipeReader.Read(document, sources => catalog = LoadCatalog(document, sources, pluginPaths, recorded, problems), problems, info ?? Console.Error.WriteLine);
        RecipePluginChecks.Check(recipe, catalog!, problems);
        if (problems.Count > 0) throw new RecipeException(Ordered(problems));
        return (recipe, catalog!);
    }

    /// <summary>The built-ins, <paramref name="pluginPaths"/>, the recipe's plugin_paths and packages, and the plugins <paramref name="recorded"/> used.</summary>
    private static PluginCatalog LoadCatalog(RecipeDocument document, PluginSources sources, IEnumerable<string> pluginPaths, Runs.Manifest? recorded, List<Diagnostic> problems)
    {
        var missing = sources.Paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        foreach (var p in missing)
            problems.Add(new Diagnostic(document.Where(document.Root.Children.First(k => k.Key.ToString() == "plugin_paths").Value),
                $"recipe.plugin_paths: not found: {p}"));
        var catalog = PluginCatalog.Load(pluginPaths.Concat(sources.Paths.Except(missing)));
        LoadPackages(document, sources, catalog, recorded, problems);
        if (recorded is not null) LoadRecordedPaths(catalog, recorded);
        return catalog;
    }

    /// <summary>Problems in file order; overrides last.</summary>
    internal static List<Diagnostic> Ordered(IEnumerable<Diagnostic> problems) =>
        problems.Distinct()
            .OrderBy(d => Position().Match(d.Location) is { Success: true } m ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : (int.MaxValue, 0))
            .ToList();

    [GeneratedRegex(@":(\d+):(\d+)$")]
    private static partial Regex Position();
}
