using System.Text.RegularExpressions;
using Repro.Engine.Plugins;
using Semver;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// Where a recipe's plugins come from, read before the rest of the recipe so that its components can be bound as they
/// are read: <c>plugins:</c> (version ranges and NuGet packages) and <c>plugin_paths:</c> (full paths).
/// </summary>
public sealed partial record PluginSources(
    IReadOnlyDictionary<string, VersionRequirement> Requirements,
    IReadOnlyDictionary<string, PackageRequirement> Packages,
    IReadOnlyList<string> Paths)
{
    /// <summary>Reads <c>plugins:</c> and <c>plugin_paths:</c> of <paramref name="root"/>, marking both keys known.</summary>
    internal static PluginSources Read(MappingReader root)
    {
        var (requirements, packages) = ReadRequirements(root);
        var paths = (root.StringList("plugin_paths") ?? []).Select(p => Path.GetFullPath(Path.Combine(root.Document.Directory, p))).ToList();
        return new PluginSources(requirements, packages, paths);
    }

    /// <summary>
    /// <c>plugins:</c> maps a plugin id to a plugin-version range (<c>id: ^1.0</c>, the plugin comes from the built-ins,
    /// --plugins or plugin_paths) or to a NuGet package (<c>id: { package: P, version: V, sha512: H, plugin_version: R }</c>).
    /// </summary>
    private static (Dictionary<string, VersionRequirement>, Dictionary<string, PackageRequirement>) ReadRequirements(MappingReader root)
    {
        var result = new Dictionary<string, VersionRequirement>();
        var packages = new Dictionary<string, PackageRequirement>();
        var plugins = root.Mapping("plugins");
        if (plugins is null) return (result, packages);
        foreach (var (key, value) in plugins.Node.Children)
        {
            var id = (key as YamlScalarNode)?.Value ?? "";
            plugins.Get(id);
            if (value is YamlMappingNode mapping)
            {
                var entry = new MappingReader(root.Document, mapping, $"recipe.plugins.{id}", root.Problems);
                if (ReadPackage(entry, id) is { } package) packages[id] = package;
                if (entry.Get("plugin_version") is { } pluginVersion) ReadRange(pluginVersion);
                entry.RejectUnknownKeys();
                continue;
            }
            if (value is not YamlScalarNode)
            {
                root.Problem(value, $"recipe.plugins.{id} must be a version range such as ^1.0 or >=1.2 <2, or a package: {{ package: Id, version: 1.2.0 }}");
                continue;
            }
            ReadRange(value);

            void ReadRange(YamlNode node)
            {
                var text = (node as YamlScalarNode)?.Value ?? "";
                if (SemVersionRange.TryParseNpm(text, out var range)) result[id] = new VersionRequirement(range, text);
                else root.Problem(node, $"recipe.plugins.{id}: '{text}' is not a plugin version range (npm style: 1.2.3, ^1.0, ~1.2, >=1.0 <2, *)");
            }
        }
        return (result, packages);
    }

    /// <summary>The package form of a <c>plugins:</c> entry: <c>package</c> and <c>version</c> required, <c>sha512</c> optional.</summary>
    private static PackageRequirement? ReadPackage(MappingReader entry, string id)
    {
        var package = entry.String("package", required: true);
        if (package is not null && !NuGetId().IsMatch(package))
        {
            entry.Problem(entry.Get("package")!, $"recipe.plugins.{id}.package: '{package}' is not a NuGet package id");
            package = null;
        }
        var versionText = entry.String("version", required: true);
        var versions = versionText is null ? null : PackageRequirement.ParseVersions(versionText);
        if (versionText is not null && versions is null)
            entry.Problem(entry.Get("version")!, $"recipe.plugins.{id}.version: '{versionText}' is not a NuGet version (1.2.0, exact) or range ([1.2,2.0), [1.2,)); floating versions are not allowed");
        string? sha512 = null;
        if (entry.String("sha512") is { } shaText && (sha512 = PackageRequirement.NormalizeSha512(shaText)) is null)
            entry.Problem(entry.Get("sha512")!, $"recipe.plugins.{id}.sha512 must be the .nupkg file's SHA-512 as 128 hex digits or 88 base64 characters");
        return package is null || versions is null ? null : new PackageRequirement(id, package, versions, versionText!, sha512, entry.Node);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex NuGetId();
}
