using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Versioning;
using Repro.Contracts;
using Repro.Engine.Runs;

namespace Repro.Engine.Plugins;

/// <summary>A plugin package restored for a recipe: where it came from and the plugin assemblies to load.</summary>
public sealed record RestoredPackage(PluginPackage Package, IReadOnlyList<string> Assemblies);

/// <summary>
/// Restores the plugin packages a recipe names, as NuGet would: the lowest version a range allows, the package's
/// dependency closure (less what the host provides), the <c>lib/</c> folder nearest the host's framework. Packages go
/// into the <see cref="PluginStore"/>; a package already there at an exact version is used without contacting a feed.
/// What is loaded is checked against the verified .nupkg files every time (<see cref="PluginFolderCheck"/>).
/// </summary>
public sealed class PluginPackages(PluginStore store, Func<PackageFeeds> openFeeds) : IDisposable
{
    /// <summary>Packages the host provides to every plugin, never restored: a plugin must share them.</summary>
    public static bool HostProvided(string id) =>
        id.Equals(typeof(IPlugin).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase)
        || id.Equals("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase)
        || id.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase);

    /// <summary>The framework whose <c>lib/</c> folder is loaded: the running host's (net10.0).</summary>
    public static NuGetFramework HostFramework { get; } =
        AppContext.TargetFrameworkName is { } name ? NuGetFramework.Parse(name) : NuGetFramework.Parse("net10.0");

    private PackageFeeds? _feeds;
    private PackageFeeds Feeds => _feeds ??= openFeeds();

    /// <summary>
    /// Restores <paramref name="requirement"/>'s package; <paramref name="pinnedBy"/> names who pinned its SHA-512
    /// (the recipe, or the run being reproduced) in a mismatch. Throws a <see cref="ReproException"/> naming the package.
    /// </summary>
    public RestoredPackage Restore(PackageRequirement requirement, string pinnedBy)
    {
        try { return RestoreOrThrow(requirement, pinnedBy); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Xml.XmlException
            or NuGet.Protocol.Core.Types.FatalProtocolException or NuGet.Packaging.Core.PackagingException or NuGet.Configuration.NuGetConfigurationException)
        {
            throw new ReproException($"package {requirement.Package} {requirement.VersionText} could not be restored: {e.Message}");
        }
    }

    private RestoredPackage RestoreOrThrow(PackageRequirement requirement, string pinnedBy)
    {
        var package = Find(requirement.Package, requirement.Versions, requirement.VersionText, requirement.Exact, requirement.Sha512, pinnedBy);
        PluginStore.Verify(package);
        var plugins = LibFiles(package).Where(f => f.Relative.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && ReferencesContracts(f.Full)).ToList();
        if (plugins.Count == 0)
            throw new ReproException($"package {package.Id} {package.Version} holds no plugin assembly: no assembly in its lib/ folder for {HostFramework.GetShortFolderName()} " +
                $"references {typeof(IPlugin).Assembly.GetName().Name} (lib/ has: {string.Join(", ", LibFolders(package).DefaultIfEmpty("nothing"))})");
        if (!Directory.Exists(package.PluginFolder)) Compose(package);
        PluginFolderCheck.Verify(store, package);
        return new RestoredPackage(new PluginPackage(package.Id, package.Version.ToNormalizedString(), package.Source, package.Sha512),
            plugins.Select(p => Path.Combine(package.PluginFolder, p.Relative)).ToList());
    }

    /// <summary>The store entry for a package version, found in the store (an exact version) or restored from the feeds.</summary>
    private StoredPackage Find(string id, VersionRange range, string rangeText, NuGetVersion? exact, string? pin, string pinnedBy)
    {
        if (exact is not null && Stored(id, exact, pin) is { } offline) return offline;
        var (versions, problems) = Feeds.Versions(id);
        if (versions.Count == 0)
            throw new ReproException($"package {id} was not found on any source " + (Feeds.Names.Count == 0
                ? "(no enabled package source in the nuget.config files that apply to the recipe's folder)"
                : $"(tried: {string.Join("; ", problems)})"));
        var chosen = versions.Select(v => v.Version).Where(range.Satisfies).Order().FirstOrDefault();
        if (chosen is null)
            throw new ReproException($"no version of package {id} satisfies {rangeText} (available: " +
                string.Join(", ", versions.GroupBy(v => v.Version).OrderBy(g => g.Key).Select(g => $"{g.Key.ToNormalizedString()} on {string.Join(", ", g.Select(v => v.Source.Source))}")) + ")");
        if (Stored(id, chosen, pin) is { } stored) return stored;
        foreach (var (_, source) in versions.Where(v => v.Version == chosen))
        {
            if (Feeds.Download(id, chosen, source) is not { } bytes) continue;
            var sha512 = PluginStore.Sha512(bytes);
            if (pin is not null && sha512 != pin)
                throw new ReproException($"package {id} {chosen.ToNormalizedString()} from {source.Source} has SHA-512 {sha512}, but {pinnedBy} {pin}; " +
                    "the package changed, or the pin is wrong");
            return store.Add(id, chosen, bytes, source.Source);
        }
        throw new ReproException($"package {id} {chosen.ToNormalizedString()} is listed but could not be downloaded from {string.Join(", ", versions.Where(v => v.Version == chosen).Select(v => v.Source.Source))}");
    }

    /// <summary>The store's entry of a version: the pinned hash's, else the only one.</summary>
    private StoredPackage? Stored(string id, NuGetVersion version, string? pin)
    {
        var entries = store.Find(id, version);
        return pin is null ? (entries.Count == 1 ? entries[0] : null) : entries.FirstOrDefault(e => e.Sha512 == pin);
    }

    /// <summary>Makes the package's plugin folder: its lib/ files and those of its dependency closure, side by side.</summary>
    private void Compose(StoredPackage package)
    {
        var closure = Closure(package);
        store.Atomically(package.PluginFolder, temp =>
        {
            foreach (var member in closure.Prepend(package))
            foreach (var (relative, full) in LibFiles(member))
            {
                var target = Path.Combine(temp, relative);
                if (File.Exists(target)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(full, target);
            }
            Json.Write(Path.Combine(temp, PluginFolderCheck.RestoreFile), closure.Prepend(package)
                .Select(p => new PluginPackage(p.Id, p.Version.ToNormalizedString(), p.Source, p.Sha512)).ToList());
        });
    }

    /// <summary>Every package <paramref name="root"/> depends on for the host framework, transitively, at the lowest version allowed.</summary>
    private List<StoredPackage> Closure(StoredPackage root)
    {
        var closure = new List<StoredPackage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.Id };
        var queue = new Queue<StoredPackage>([root]);
        while (queue.TryDequeue(out var package))
        {
            var group = NuGetFrameworkUtility.GetNearest(new PackageFolderReader(package.Folder).GetPackageDependencies(), HostFramework, g => g.TargetFramework);
            foreach (var dependency in group?.Packages ?? [])
            {
                if (HostProvided(dependency.Id) || !seen.Add(dependency.Id)) continue;
                StoredPackage found;
                try
                {
                    var range = dependency.VersionRange;
                    found = (range.HasLowerBound && range.IsMinInclusive ? Stored(dependency.Id, range.MinVersion!, null) : null)
                        ?? Find(dependency.Id, range, range.PrettyPrint(), null, null, "");
                    PluginStore.Verify(found);
                }
                catch (ReproException e)
                {
                    throw new ReproException($"dependency {dependency.Id} {dependency.VersionRange.PrettyPrint()} of package {package.Id} {package.Version}: {e.Message}");
                }
                closure.Add(found);
                queue.Enqueue(found);
            }
        }
        return closure;
    }

    /// <summary>The files of the package's <c>lib/</c> folder nearest the host framework, relative to that folder.</summary>
    internal static List<(string Relative, string Full)> LibFiles(StoredPackage package)
    {
        var groups = new PackageFolderReader(package.Folder).GetLibItems().ToList();
        var nearest = new FrameworkReducer().GetNearest(HostFramework, groups.Select(g => g.TargetFramework));
        if (nearest is null) return [];
        return groups.Where(g => g.TargetFramework.Equals(nearest)).SelectMany(g => g.Items)
            .Where(i => !i.EndsWith('/'))
            .Select(i => (string.Join('/', i.Split('/').Skip(2)), Path.Combine(package.Folder, i.Replace('/', Path.DirectorySeparatorChar))))
            .Where(f => f.Item1.Length > 0)
            .ToList();
    }

    private static IEnumerable<string> LibFolders(StoredPackage package) =>
        new PackageFolderReader(package.Folder).GetLibItems().Select(g => g.TargetFramework.GetShortFolderName());

    /// <summary>Whether an assembly references the contracts, read from its metadata without loading it.</summary>
    private static bool ReferencesContracts(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            if (!pe.HasMetadata) return false;
            var metadata = pe.GetMetadataReader();
            var contracts = typeof(IPlugin).Assembly.GetName().Name;
            return metadata.AssemblyReferences.Any(h => metadata.GetString(metadata.GetAssemblyReference(h).Name) == contracts);
        }
        catch (BadImageFormatException) { return false; }
    }

    /// <inheritdoc/>
    public void Dispose() => _feeds?.Dispose();
}
