using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Repro.Engine.Plugins;

/// <summary>
/// The package sources NuGet itself would use from a folder (its nuget.config files, credentials included: they travel
/// with each <see cref="PackageSource"/>), queried with NuGet's own client. A feed is contacted only when asked.
/// </summary>
public sealed class PackageFeeds : IDisposable
{
    private readonly List<PackageSource> _sources;
    private readonly SourceCacheContext _cache = new() { NoCache = true, DirectDownload = true };
    private readonly Dictionary<PackageSource, FindPackageByIdResource> _finders = [];

    private PackageFeeds(List<PackageSource> sources) => _sources = sources;

    /// <summary>
    /// The enabled sources of the nuget.config files that apply to <paramref name="folder"/>, then
    /// <paramref name="extraSources"/> (a run's recorded feeds) that are not among them.
    /// </summary>
    public static PackageFeeds For(string folder, IEnumerable<string> extraSources)
    {
        var settings = Settings.LoadDefaultSettings(folder);
        var sources = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).ToList();
        foreach (var extra in extraSources.Distinct())
            if (sources.All(s => !string.Equals(s.Source.TrimEnd('/', '\\'), extra.TrimEnd('/', '\\'), StringComparison.OrdinalIgnoreCase)))
                sources.Add(new PackageSource(extra));
        return new PackageFeeds(sources);
    }

    /// <summary>The sources, as their URLs or folders.</summary>
    public IReadOnlyList<string> Names => _sources.Select(s => s.Source).ToList();

    /// <summary>Every version of <paramref name="id"/> on every source, with the source; and what went wrong per source.</summary>
    public (List<(NuGetVersion Version, PackageSource Source)> Versions, List<string> Problems) Versions(string id)
    {
        var versions = new List<(NuGetVersion, PackageSource)>();
        var problems = new List<string>();
        foreach (var source in _sources)
        {
            try
            {
                var found = Finder(source).GetAllVersionsAsync(id, _cache, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult().ToList();
                versions.AddRange(found.Select(v => (v, source)));
                if (found.Count == 0) problems.Add($"{source.Source}: no {id}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"{source.Source}: {(e.InnerException ?? e).Message}");
            }
        }
        return (versions, problems);
    }

    /// <summary>The .nupkg of <paramref name="id"/> <paramref name="version"/> from <paramref name="source"/>, or null when it is not there.</summary>
    public byte[]? Download(string id, NuGetVersion version, PackageSource source)
    {
        using var nupkg = new MemoryStream();
        return Finder(source).CopyNupkgToStreamAsync(id, version, nupkg, _cache, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult()
            ? nupkg.ToArray() : null;
    }

    private FindPackageByIdResource Finder(PackageSource source)
    {
        if (!_finders.TryGetValue(source, out var finder))
            _finders[source] = finder = Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>().GetAwaiter().GetResult()
                ?? throw new InvalidOperationException("the source offers no package download");
        return finder;
    }

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();
}
