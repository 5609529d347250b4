using Repro.Contracts;
using Repro.Engine.Plugins;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>The checks of a read recipe that need its components bound: plugin versions, fused models, a tokenizer from the model.</summary>
internal static class RecipePluginChecks
{
    public static void Check(Recipe recipe, PluginCatalog catalog, List<Diagnostic> problems)
    {
        CheckFusedModels(recipe, problems);
        CheckTokenizerFromModel(recipe, problems);
        CheckVersions(recipe, catalog, problems);
    }

    /// <summary><c>plugins: { id: range }</c>: the loaded plugin exists and its version is in range.</summary>
    private static void CheckVersions(Recipe recipe, PluginCatalog catalog, List<Diagnostic> problems)
    {
        var document = recipe.Document;
        if (recipe.Plugins.Requirements.Count == 0) return;
        var at = document.Find("plugins");
        foreach (var (id, range) in recipe.Plugins.Requirements)
        {
            if (catalog.Find(id) is not { } plugin)
            {
                // A package that failed to restore or lacks the plugin has said so already.
                if (!recipe.Plugins.Packages.ContainsKey(id))
                    problems.Add(new Diagnostic(document.Where(at), $"recipe.plugins: {catalog.Unknown(id, PluginKind.Task).Replace("unknown task plugin", "unknown plugin")}"));
            }
            else if (!range.Range.Contains(plugin.Version))
                problems.Add(new Diagnostic(document.Where(at),
                    $"recipe.plugins.{id} requires {range} but the loaded '{id}' is {plugin.Version} ({plugin.AssemblyPath})"));
        }
    }

    /// <summary><c>tokenizer: { from: model }</c> needs a recipe model with a checkpoint folder that holds its tokenizer's files (vocab.txt for BERT).</summary>
    private static void CheckTokenizerFromModel(Recipe recipe, List<Diagnostic> problems)
    {
        if (!recipe.Tokenizer.FromModel) return;
        var at = recipe.Document.Find("tokenizer");
        if (recipe.Model?.Checkpoint is not { } checkpoint)
        {
            // A model written with a checkpoint that failed to bind has said so already.
            if (!recipe.Document.Root.Children.TryGetValue(new YamlScalarNode("model"), out var model)
                || model is not YamlMappingNode { Children: var written } || !written.ContainsKey(new YamlScalarNode("checkpoint")))
                problems.Add(new Diagnostic(recipe.Document.Where(at), "tokenizer.from: model needs recipe.model to name a checkpoint (model.checkpoint)"));
        }
        else if (Tokenizers.CheckpointTokenizer.Missing(checkpoint.Folder) is { } missing)
            problems.Add(new Diagnostic(recipe.Document.Where(at), Tokenizers.CheckpointTokenizer.Lacks(checkpoint.Folder, missing)));
    }

    /// <summary>A fuse stage averages weights tensor by tensor: its sources must be one model plugin with the same parameters.</summary>
    private static void CheckFusedModels(Recipe recipe, List<Diagnostic> problems)
    {
        var byName = recipe.Stages.ToDictionary(s => s.Name);
        foreach (var fuse in recipe.Stages.Where(s => s.Facts.From == StageFrom.Several && s.From.All(byName.ContainsKey)))
        {
            if (recipe.ModelOf(byName[fuse.From[0]]) is not { } first) continue;
            foreach (var source in fuse.From.Skip(1))
                if (recipe.ModelOf(byName[source]) is { } model && model.Identity != first.Identity)
                    problems.Add(new Diagnostic(recipe.Document.Where(model.At),
                        $"stages.{fuse.Name} fuses '{fuse.From[0]}' ({first.Identity}) and '{source}' ({model.Identity}): " +
                        "only models of one plugin with the same parameters can be averaged"));
        }
    }
}
