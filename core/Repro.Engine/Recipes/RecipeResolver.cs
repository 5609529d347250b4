using System.Text.RegularExpressions;
using Repro.Contracts;
using Repro.Engine.Plugins;

namespace Repro.Engine.Recipes;

/// <summary>Binds every component of a recipe to its plugin and parameters, and checks version requirements.</summary>
internal static class RecipeResolver
{
    public static void Resolve(Recipe recipe, PluginCatalog catalog, List<Diagnostic> problems, Action<string>? info = null)
    {
        info ??= _ => { };
        var document = recipe.Document;
        if (recipe.Model is not null) Bind(recipe.Model, PluginKind.Model, "recipe.model");
        foreach (var stage in recipe.Stages)
        {
            var context = $"stages.{stage.Name}";
            foreach (var (name, task) in stage.NamedTasks)
                Bind(task, PluginKind.Task, stage.Mixture is null ? $"{context}.task" : $"{context}.tasks.{name}");
            if (stage.Model is not null) Bind(stage.Model, PluginKind.Model, $"{context}.model");
            for (var i = 0; i < stage.Regularizers.Count; i++)
                Bind(stage.Regularizers[i], PluginKind.Regularizer, $"{context}.regularizers[{i}]");
            if (stage.Kind == StageKind.Evaluate && stage.Regularizers.Count > 0)
                problems.Add(new Diagnostic(document.Where(stage.Regularizers[0].At), $"{context} is an evaluate stage; regularizers apply only to training"));
        }

        CheckFusedModels(recipe, problems);
        CheckTokenizerFromModel(recipe, problems);

        foreach (var (id, range) in recipe.PluginRequirements)
        {
            var at = document.Root.Children.First(k => k.Key.ToString() == "plugins").Value;
            if (catalog.Find(id) is not { } plugin)
            {
                // A package that failed to restore or lacks the plugin has said so already.
                if (!recipe.Packages.ContainsKey(id))
                    problems.Add(new Diagnostic(document.Where(at), $"recipe.plugins: {catalog.Unknown(id, PluginKind.Task).Replace("unknown task plugin", "unknown plugin")}"));
            }
            else if (!range.Range.Contains(plugin.Version))
                problems.Add(new Diagnostic(document.Where(at),
                    $"recipe.plugins.{id} requires {range} but the loaded '{id}' is {plugin.Version} ({plugin.AssemblyPath})"));
        }

        void Bind(Component component, PluginKind kind, string context)
        {
            if (component.Id == "?") return;
            var plugin = catalog.Find(component.Id);
            if (plugin is null)
            {
                if (!recipe.Packages.ContainsKey(component.Id))
                    problems.Add(new Diagnostic(document.Where(component.At), $"{context}: {catalog.Unknown(component.Id, kind)}"));
                return;
            }
            if (plugin.Kind != kind)
            {
                problems.Add(new Diagnostic(document.Where(component.At),
                    $"{context}: '{component.Id}' is a {plugin.Kind.ToString().ToLowerInvariant()} plugin, not a {kind.ToString().ToLowerInvariant()} plugin"));
                return;
            }
            component.Plugin = plugin;
            (component.Document, component.Context) = (document, context);
            var before = problems.Count;
            component.Parameters = ParameterBinder.Bind(plugin, component.ParametersNode, document, $"{context}.params", problems);
            if (problems.Count == before) ParameterRejection.Validate(component, problems);
            if (component.Checkpoint is { } checkpoint) ResolveCheckpoint(checkpoint, plugin, context);
        }

        void ResolveCheckpoint(CheckpointRef checkpoint, PluginInfo plugin, string context)
        {
            if (plugin.Instance is not ICheckpointModelPlugin)
            {
                problems.Add(new Diagnostic(document.Where(checkpoint.At),
                    $"{context}.checkpoint: model plugin '{plugin.Id}' {plugin.Version} cannot load checkpoints (it does not implement ICheckpointModelPlugin)"));
                return;
            }
            try { checkpoint.Folder = Models.ModelStore.Resolve(checkpoint.Name, document.Directory, info); }
            catch (ReproException e)
            {
                problems.Add(new Diagnostic(document.Where(checkpoint.At), $"{context}.checkpoint: {e.Message}"));
                return;
            }
            foreach (var file in new[] { "config.json", "model.safetensors" })
                if (!File.Exists(Path.Combine(checkpoint.Folder, file)))
                    problems.Add(new Diagnostic(document.Where(checkpoint.At), $"{context}.checkpoint: {checkpoint.Folder} has no {file}; a Hugging Face checkpoint folder holds config.json, model.safetensors and vocab.txt"));
        }
    }

    /// <summary><c>tokenizer: { from: model }</c> needs a recipe model with a checkpoint folder that holds a vocab.txt.</summary>
    private static void CheckTokenizerFromModel(Recipe recipe, List<Diagnostic> problems)
    {
        if (!recipe.Tokenizer.FromModel) return;
        var at = recipe.Document.Root.Children.First(k => k.Key.ToString() == "tokenizer").Value;
        if (recipe.Model?.Checkpoint is not { } checkpoint)
            problems.Add(new Diagnostic(recipe.Document.Where(at), "tokenizer.from: model needs recipe.model to name a checkpoint (model.checkpoint)"));
        else if (checkpoint.Folder.Length > 0 && !File.Exists(Path.Combine(checkpoint.Folder, "vocab.txt")))
            problems.Add(new Diagnostic(recipe.Document.Where(at), $"tokenizer.from: model: the checkpoint {checkpoint.Folder} has no vocab.txt"));
    }

    /// <summary>A fuse stage averages weights tensor by tensor: its sources must be one model plugin with the same parameters.</summary>
    private static void CheckFusedModels(Recipe recipe, List<Diagnostic> problems)
    {
        var byName = recipe.Stages.ToDictionary(s => s.Name);
        foreach (var fuse in recipe.Stages.Where(s => s.Kind == StageKind.Fuse && s.From.All(byName.ContainsKey)))
        {
            if (recipe.ModelOf(byName[fuse.From[0]]) is not { } first) continue;
            foreach (var source in fuse.From.Skip(1))
                if (recipe.ModelOf(byName[source]) is { } model && first.Parameters is not null && model.Parameters is not null && model.Identity != first.Identity)
                    problems.Add(new Diagnostic(recipe.Document.Where(model.At),
                        $"stages.{fuse.Name} fuses '{fuse.From[0]}' ({first.Identity}) and '{source}' ({model.Identity}): " +
                        "only models of one plugin with the same parameters can be averaged"));
        }
    }
}

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
        var recipe = RecipeReader.Read(document, problems);
        var missing = recipe.PluginPaths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        foreach (var p in missing)
            problems.Add(new Diagnostic(document.Where(document.Root.Children.First(k => k.Key.ToString() == "plugin_paths").Value),
                $"recipe.plugin_paths: not found: {p}"));
        var catalog = PluginCatalog.Load(pluginPaths.Concat(recipe.PluginPaths.Except(missing)));
        LoadPackages(recipe, catalog, recorded, problems);
        if (recorded is not null) LoadRecordedPaths(catalog, recorded);
        RecipeResolver.Resolve(recipe, catalog, problems, info ?? Console.Error.WriteLine);
        if (problems.Count > 0) throw new RecipeException(Ordered(problems));
        return (recipe, catalog);
    }

    /// <summary>Problems in file order; overrides last.</summary>
    internal static List<Diagnostic> Ordered(IEnumerable<Diagnostic> problems) =>
        problems.Distinct()
            .OrderBy(d => Position().Match(d.Location) is { Success: true } m ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : (int.MaxValue, 0))
            .ToList();

    [GeneratedRegex(@":(\d+):(\d+)$")]
    private static partial Regex Position();
}
