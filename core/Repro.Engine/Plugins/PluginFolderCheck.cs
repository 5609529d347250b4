using System.IO.Compression;
using System.Security.Cryptography;
using NuGet.Versioning;
using Repro.Engine.Runs;

namespace Repro.Engine.Plugins;

/// <summary>
/// Checks, on every load, what a package's plugin folder holds: each file must have the bytes of the <c>lib/</c> file it was
/// composed from, as read from the .nupkg of its package (or of a dependency, as <c>restore.json</c> lists them) after that
/// .nupkg's SHA-512 is verified, and nothing else may be there. An assembly replaced in the store after the package was
/// restored is refused by name instead of being loaded under the package's identity.
/// </summary>
internal static class PluginFolderCheck
{
    /// <summary>The file of a plugin folder that lists the packages it was composed from, the package first.</summary>
    public const string RestoreFile = "restore.json";

    /// <summary>Throws a <see cref="ReproException"/> naming the first file of <paramref name="package"/>'s plugin folder that is not what its packages hold.</summary>
    public static void Verify(PluginStore store, StoredPackage package)
    {
        var expected = new Dictionary<string, (string Sha256, string From)>(StringComparer.Ordinal);
        foreach (var member in Members(package))
        {
            var stored = store.Find(member.Id, NuGetVersion.Parse(member.Version)).FirstOrDefault(p => p.Sha512 == member.Sha512)
                ?? throw Changed(package, $"it was composed from package {member.Id} {member.Version}, which is no longer in the store");
            PluginStore.Verify(stored);
            using var nupkg = ZipFile.OpenRead(stored.Nupkg);
            foreach (var (relative, full) in PluginPackages.LibFiles(stored))
            {
                if (expected.ContainsKey(relative)) continue;
                var item = Path.GetRelativePath(stored.Folder, full).Replace(Path.DirectorySeparatorChar, '/');
                var entry = nupkg.GetEntry(item) ?? throw Changed(stored, $"{item} is no file of its .nupkg");
                using var bytes = entry.Open();
                expected[relative] = (Convert.ToHexStringLower(SHA256.HashData(bytes)), $"{member.Id} {member.Version}");
            }
        }
        var folder = package.PluginFolder;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == RestoreFile) continue;
            if (!expected.Remove(relative, out var wanted)) throw Changed(package, $"{file} is no file of the package or its dependencies");
            var actual = Sha256(file);
            if (actual != wanted.Sha256)
                throw Changed(package, $"{file} has SHA-256 {actual}, but package {wanted.From} holds it with SHA-256 {wanted.Sha256}");
        }
        if (expected.Keys.FirstOrDefault() is { } missing) throw Changed(package, $"{Path.Combine(folder, missing)} is missing");
    }

    /// <summary>The packages the plugin folder was composed from, as its <see cref="RestoreFile"/> lists them.</summary>
    private static List<PluginPackage> Members(StoredPackage package)
    {
        var path = Path.Combine(package.PluginFolder, RestoreFile);
        List<PluginPackage> members;
        try { members = Json.Read<List<PluginPackage>>(path, "list of packages"); }
        catch (ReproException e) { throw Changed(package, e.Message); }
        return members.Count > 0 ? members : throw Changed(package, $"{path} lists no package");
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static ReproException Changed(StoredPackage package, string what) =>
        new($"the plugin store entry {package.Folder} was changed after it was restored: {what}; delete the folder to restore it again");
}
