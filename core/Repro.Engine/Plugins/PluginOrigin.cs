namespace Repro.Engine.Plugins;

/// <summary>The NuGet package a plugin was restored from.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The exact version restored (normalized).</param>
/// <param name="Source">The feed URL or folder it came from, or the plugin store when it was already there.</param>
/// <param name="Sha512">SHA-512 of the .nupkg file, lower-case hex.</param>
public sealed record PluginPackage(string Id, string Version, string Source, string Sha512)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Id}@{Version} from {Source}";
}

/// <summary>Where a loaded plugin came from: built-in, a path (--plugins, plugin_paths), or a package.</summary>
public static class PluginOrigin
{
    /// <summary><c>built-in</c>, <c>path</c>, or <c>package Id@Version from SOURCE</c>.</summary>
    public static string Describe(PluginInfo plugin) =>
        plugin.Package is { } package ? $"package {package}"
        : IsBuiltIn(plugin.AssemblyPath) ? "built-in"
        : "path";

    /// <summary>Whether an assembly is one of the built-ins beside the running tool.</summary>
    public static bool IsBuiltIn(string assemblyPath) =>
        Path.GetFullPath(assemblyPath).StartsWith(Path.GetFullPath(PluginCatalog.BuiltInFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
