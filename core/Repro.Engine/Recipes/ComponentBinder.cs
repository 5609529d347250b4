using Repro.Contracts;
using Repro.Engine.Plugins;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// Makes a recipe's components as it is read: each bound to its plugin from the catalog, its parameters bound and
/// validated by the plugin, a model's checkpoint resolved to its folder. A component that cannot be bound is a problem
/// at its position and no component.
/// </summary>
/// <param name="info">Hears what resolving did besides reading (a known model imported into the store).</param>
internal sealed class ComponentBinder(PluginCatalog catalog, RecipeDocument document, PluginSources sources, List<Diagnostic> problems, Action<string> info)
{
    public Component? Bind(string id, YamlMappingNode? parametersNode, YamlNode at, string? checkpoint, YamlNode? checkpointAt, PluginKind kind, string context)
    {
        var plugin = catalog.Find(id);
        if (plugin is null)
        {
            // A package that failed to restore or lacks the plugin has said so already.
            if (!sources.Packages.ContainsKey(id))
                problems.Add(new Diagnostic(document.Where(at), $"{context}: {catalog.Unknown(id, kind)}"));
            return null;
        }
        if (plugin.Kind != kind)
        {
            problems.Add(new Diagnostic(document.Where(at),
                $"{context}: '{id}' is a {plugin.Kind.ToString().ToLowerInvariant()} plugin, not a {kind.ToString().ToLowerInvariant()} plugin"));
            return null;
        }
        var before = problems.Count;
        var parameters = ParameterBinder.Bind(plugin, parametersNode, document, $"{context}.params", problems);
        var folder = checkpoint is null ? null : CheckpointFolder(checkpoint, checkpointAt!, plugin, context);
        if (problems.Count > before) return null;
        var component = new Component(id, plugin, parameters, parametersNode, at, document, context,
            checkpoint is null ? null : new CheckpointRef(checkpoint, checkpointAt!, folder!));
        ParameterRejection.Validate(component, problems);
        return problems.Count > before ? null : component;
    }

    /// <summary>The Hugging Face folder a checkpoint names, checked to hold a model; null after a problem.</summary>
    private string? CheckpointFolder(string name, YamlNode at, PluginInfo plugin, string context)
    {
        if (plugin.Instance is not ICheckpointModelPlugin)
        {
            problems.Add(new Diagnostic(document.Where(at),
                $"{context}.checkpoint: model plugin '{plugin.Id}' {plugin.Version} cannot load checkpoints (it does not implement ICheckpointModelPlugin)"));
            return null;
        }
        string folder;
        try { folder = Models.ModelStore.Resolve(name, document.Directory, info); }
        catch (ReproException e)
        {
            problems.Add(new Diagnostic(document.Where(at), $"{context}.checkpoint: {e.Message}"));
            return null;
        }
        var missing = new[] { "config.json", "model.safetensors" }.Where(file => !File.Exists(Path.Combine(folder, file))).ToList();
        foreach (var file in missing)
            problems.Add(new Diagnostic(document.Where(at), $"{context}.checkpoint: {folder} has no {file}; a Hugging Face checkpoint folder holds config.json, model.safetensors and vocab.txt"));
        return missing.Count == 0 ? folder : null;
    }
}
