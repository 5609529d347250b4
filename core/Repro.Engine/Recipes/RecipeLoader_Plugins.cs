using Repro.Engine.Plugins;
using Repro.Engine.Runs;

namespace Repro.Engine.Recipes;

/// <summary>The plugins a recipe needs beyond the built-ins and the paths given: its packages, and a run's recorded plugins.</summary>
public static partial class RecipeLoader
{
    /// <summary>
    /// Restores the packages of <c>recipe.plugins</c> whose plugin no path provides (--plugins and plugin_paths take
    /// precedence) and loads their plugins. Feeds are those of the nuget.config files that apply to the recipe's folder
    /// (for a run, the original recipe's), plus the feeds <paramref name="recorded"/> names. Problems become diagnostics.
    /// </summary>
    private static void LoadPackages(RecipeDocument document, PluginSources sources, PluginCatalog catalog, Manifest? recorded, List<Diagnostic> problems)
    {
        var wanted = sources.Packages.Values.Where(r => catalog.Find(r.PluginId) is null).ToList();
        if (wanted.Count == 0) return;
        foreach (var clash in wanted.GroupBy(r => r.Package, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(r => (r.VersionText, r.Sha512)).Distinct().Count() > 1))
            problems.Add(new Diagnostic(document.Where(clash.Last().At),
                $"recipe.plugins names package {clash.Key} with different versions or hashes ({string.Join(", ", clash.Select(r => $"{r.PluginId}: {r.VersionText}"))}); name one"));
        var recordedRecipe = recorded?.Recipe.Path is { } original ? Path.GetDirectoryName(original) : null;
        var settingsFolder = recordedRecipe is not null && Directory.Exists(recordedRecipe) ? recordedRecipe : document.Directory;
        var recordedFeeds = recorded?.Plugins.Select(p => p.Package?.Source).OfType<string>().ToList() ?? [];
        using var packages = new PluginPackages(PluginStore.Default, () => PackageFeeds.For(settingsFolder, recordedFeeds));
        var loaded = new Dictionary<string, RestoredPackage>(StringComparer.OrdinalIgnoreCase);
        // Why a package could not be restored or loaded: every plugin id named from it gets that reason.
        var failed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var requirement in wanted)
        {
            var context = $"recipe.plugins.{requirement.PluginId}";
            if (failed.TryGetValue(requirement.Package, out var why))
            {
                problems.Add(new Diagnostic(document.Where(requirement.At), $"{context}: {why}"));
                continue;
            }
            try
            {
                if (!loaded.TryGetValue(requirement.Package, out var restored))
                {
                    var pinnedBy = recorded is null ? $"{context}.sha512 pins" : "the run recorded";
                    restored = packages.Restore(requirement, pinnedBy);
                    catalog.Add(restored.Assemblies, restored.Package);
                    loaded[requirement.Package] = restored;
                }
                if (catalog.Find(requirement.PluginId) is null)
                {
                    var held = catalog.Plugins.Where(p => p.Package == restored.Package).Select(p => p.Id).ToList();
                    problems.Add(new Diagnostic(document.Where(requirement.At), $"{context}: package {restored.Package} holds " +
                        (held.Count == 0 ? "no plugins" : $"the plugins {string.Join(", ", held)}") +
                        $", not '{requirement.PluginId}'{Suggestions.DidYouMean(requirement.PluginId, held)}"));
                }
            }
            catch (ReproException e)
            {
                failed[requirement.Package] = e.Message;
                problems.Add(new Diagnostic(document.Where(requirement.At), $"{context}: {e.Message}"));
            }
        }
    }

    /// <summary>
    /// A reproduction or resume finds each plugin of <paramref name="recorded"/> again without --plugins: built-ins and
    /// packages as the recipe says, a path plugin that nothing else provides from the assembly path the run recorded.
    /// A recorded assembly that is gone is named with what the run used; one that changed is named by the drift check.
    /// </summary>
    private static void LoadRecordedPaths(PluginCatalog catalog, Manifest recorded)
    {
        var gone = new List<string>();
        foreach (var plugin in recorded.Plugins.Where(p => p.Package is null && catalog.Find(p.Id) is null))
        {
            if (File.Exists(plugin.Assembly)) catalog.Add([plugin.Assembly]);
            else gone.Add($"plugin '{plugin.Id}' {plugin.Version}: the run loaded it from {plugin.Assembly} (SHA-256 {PluginStore.Short(plugin.Sha256)}), which is gone; give the plugin with --plugins PATH");
        }
        if (gone.Count > 0)
            throw new ReproException("the run's plugins cannot all be found again:\n  " + string.Join("\n  ", gone));
    }
}
