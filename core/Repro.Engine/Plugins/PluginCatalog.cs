using System.Reflection;
using System.Security.Cryptography;
using McMaster.NETCore.Plugins;
using Repro.Contracts;
using Semver;
using TorchSharp;

namespace Repro.Engine.Plugins;

/// <summary>
/// Every plugin that was found, built-ins and third-party alike, each loaded with
/// McMaster.NETCore.Plugins in its own load context that shares the contracts and TorchSharp
/// with the host, so a plugin's modules and tensors are the host's types.
/// </summary>
public sealed class PluginCatalog
{
    private static readonly Type[] SharedTypes = [typeof(IPlugin), typeof(torch)];
    private readonly List<PluginInfo> _plugins = [];

    /// <summary>Folder of the built-in plugins, beside the running tool.</summary>
    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>All plugins, ordered by kind then id.</summary>
    public IReadOnlyList<PluginInfo> Plugins => _plugins.OrderBy(p => p.Kind).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Loads the built-in folder (when present) and then each source: a plugin assembly (.dll), or a
    /// folder holding <c>Name/Name.dll</c> plugin folders or build outputs (<c>X.dll</c> beside <c>X.deps.json</c>).
    /// </summary>
    public static PluginCatalog Load(IEnumerable<string> sources, bool includeBuiltIns = true)
    {
        var catalog = new PluginCatalog();
        var assemblies = new List<string>();
        if (includeBuiltIns && Directory.Exists(BuiltInFolder)) assemblies.AddRange(FindAssemblies(BuiltInFolder));
        foreach (var source in sources)
        {
            var full = Path.GetFullPath(source);
            if (File.Exists(full)) assemblies.Add(full);
            else if (Directory.Exists(full))
            {
                var found = FindAssemblies(full);
                if (found.Count == 0)
                    throw new ReproException($"no plugin assembly in {source}: expected Name/Name.dll folders or a build output (X.dll beside X.deps.json)");
                assemblies.AddRange(found);
            }
            else throw new ReproException($"plugin path not found: {source} (looked at {full})");
        }
        foreach (var assembly in assemblies.Distinct()) catalog.LoadAssembly(assembly, package: null);
        return catalog;
    }

    /// <summary>
    /// Loads more plugin assemblies (full paths) into this catalog; those already loaded are skipped.
    /// <paramref name="package"/> is the NuGet package they were restored from, if any.
    /// </summary>
    public void Add(IEnumerable<string> assemblies, PluginPackage? package = null)
    {
        foreach (var assembly in assemblies.Select(Path.GetFullPath).Distinct().Where(a => _plugins.All(p => p.AssemblyPath != a)))
            LoadAssembly(assembly, package);
    }

    /// <summary>The plugin with this id, or an error that lists what exists and suggests the closest id.</summary>
    public PluginInfo? Find(string id) => _plugins.FirstOrDefault(p => p.Id == id);

    /// <summary>Explains that <paramref name="id"/> is unknown, with a suggestion and the ids of that kind.</summary>
    public string Unknown(string id, PluginKind kind)
    {
        var ofKind = _plugins.Where(p => p.Kind == kind).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        return $"unknown {kind.ToString().ToLowerInvariant()} plugin '{id}'{Suggestions.DidYouMean(id, _plugins.Select(p => p.Id))} (" +
               (ofKind.Count == 0 ? $"no {kind.ToString().ToLowerInvariant()} plugins are loaded" : $"available: {string.Join(", ", ofKind)}") +
               "; add more with --plugins PATH, recipe.plugin_paths or a package in recipe.plugins)";
    }

    private static List<string> FindAssemblies(string folder)
    {
        var result = new List<string>();
        foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var candidate = Path.Combine(sub, Path.GetFileName(sub) + ".dll");
            if (File.Exists(candidate)) result.Add(candidate);
        }
        foreach (var dll in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            if (File.Exists(Path.ChangeExtension(dll, ".deps.json"))) result.Add(dll);
        return result;
    }

    private void LoadAssembly(string path, PluginPackage? package)
    {
        Assembly assembly;
        Type[] types;
        DepsFile.Check(path);
        ContractsVersion.Check(path);
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(path, SharedTypes, config => config.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
            types = assembly.GetTypes();
        }
        catch (ReproException) { throw; }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new ReproException($"plugin assembly {path} could not be loaded: {first}");
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or IOException)
        {
            throw new ReproException($"plugin assembly {path} could not be loaded: {e.Message}");
        }

        var sha = Sha256(path);
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(t)))
        {
            var attribute = type.GetCustomAttribute<PluginAttribute>()
                ?? throw new ReproException($"plugin class {type.FullName} in {path} has no [Plugin(id, version)] attribute");
            if (!SemVersion.TryParse(attribute.Version, SemVersionStyles.Strict, out var version))
                throw new ReproException($"plugin '{attribute.Id}' in {path} has version '{attribute.Version}', which is not a semantic version (1.2.3)");
            if (Find(attribute.Id) is { } existing)
                throw new ReproException($"plugin id '{attribute.Id}' is defined twice: in {existing.AssemblyPath} and in {path}; remove one of the two from the plugin paths");
            IPlugin instance;
            try { instance = (IPlugin)Activator.CreateInstance(type)!; }
            catch (Exception e) { throw new ReproException($"plugin '{attribute.Id}' ({path}) failed to start: {(e.InnerException ?? e).Message}"); }
            ParameterTypes.Check(attribute.Id, instance.ParametersType, path);
            _plugins.Add(new PluginInfo(attribute.Id, version, instance.Kind, attribute.Description, attribute.Determinism,
                path, sha, instance, ParameterDescriptions.Of(instance.ParametersType)) { Package = package });
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
