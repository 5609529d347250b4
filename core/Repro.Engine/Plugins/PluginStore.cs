using System.IO.Compression;
using System.Security.Cryptography;
using NuGet.Versioning;

namespace Repro.Engine.Plugins;

/// <summary>A package in the plugin store: one extracted .nupkg, named by its content.</summary>
/// <param name="Folder"><c>ROOT/id/version/SHA16</c>: the extracted package, its .nupkg, its SHA-512 and where it came from.</param>
/// <param name="Sha512">SHA-512 of the .nupkg (lower-case hex), as stored.</param>
/// <param name="Source">The feed or folder it was downloaded from.</param>
public sealed record StoredPackage(string Id, NuGetVersion Version, string Folder, string Sha512, string Source)
{
    /// <summary>The .nupkg file as downloaded.</summary>
    public string Nupkg => Path.Combine(Folder, "package.nupkg");

    /// <summary>The plugin folder composed from this package and its dependency closure (<see cref="PluginStore.Compose"/>).</summary>
    public string PluginFolder => Path.Combine(Folder, "plugin");
}

/// <summary>
/// The content-addressed plugin store: <c>ROOT/&lt;id&gt;/&lt;version&gt;/&lt;first 16 hex of SHA-512&gt;/</c>, ROOT being
/// <c>$REPRO_PLUGIN_STORE</c> or <c>~/.repro/plugins</c>. Entries are written to a temp folder and renamed into place,
/// so a reader sees a whole entry or none; an entry is never changed afterwards.
/// </summary>
public sealed class PluginStore(string root)
{
    /// <summary>The environment variable that moves the store.</summary>
    public const string RootVariable = "REPRO_PLUGIN_STORE";

    private const string Sha512File = "package.sha512";
    private const string SourceFile = "package.source";

    /// <summary>The store of this user: <c>$REPRO_PLUGIN_STORE</c>, else <c>~/.repro/plugins</c>.</summary>
    public static PluginStore Default => new(Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } r
        ? Path.GetFullPath(r)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".repro", "plugins"));

    /// <summary>The store's folder.</summary>
    public string Root => root;

    /// <summary>The complete entries of package <paramref name="id"/> at <paramref name="version"/> (usually one).</summary>
    public IReadOnlyList<StoredPackage> Find(string id, NuGetVersion version)
    {
        var folder = VersionFolder(id, version);
        if (!Directory.Exists(folder)) return [];
        return Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .Where(f => File.Exists(Path.Combine(f, Sha512File)))
            .Select(f => new StoredPackage(id, version, f, File.ReadAllText(Path.Combine(f, Sha512File)).Trim(),
                File.Exists(Path.Combine(f, SourceFile)) ? File.ReadAllText(Path.Combine(f, SourceFile)).Trim() : root))
            .Where(p => Path.GetFileName(p.Folder) == p.Sha512[..16])
            .ToList();
    }

    /// <summary>Adds a downloaded .nupkg (extracted, with its hash and source) unless an entry with its hash exists.</summary>
    public StoredPackage Add(string id, NuGetVersion version, byte[] nupkg, string source)
    {
        var sha512 = Sha512(nupkg);
        var target = Path.Combine(VersionFolder(id, version), sha512[..16]);
        if (!File.Exists(Path.Combine(target, Sha512File)))
        {
            // Entries are renamed into place whole; a folder without its hash is debris (e.g. copied by hand), not an entry.
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Atomically(target, temp =>
            {
                using (var zip = new ZipArchive(new MemoryStream(nupkg), ZipArchiveMode.Read)) zip.ExtractToDirectory(temp);
                File.WriteAllBytes(Path.Combine(temp, "package.nupkg"), nupkg);
                File.WriteAllText(Path.Combine(temp, SourceFile), source + "\n");
                File.WriteAllText(Path.Combine(temp, Sha512File), sha512 + "\n");
            });
        }
        return Find(id, version).Single(p => p.Sha512 == sha512);
    }

    /// <summary>Re-hashes an entry's .nupkg; throws when it no longer has the hash it is filed under.</summary>
    public static void Verify(StoredPackage package)
    {
        var actual = File.Exists(package.Nupkg) ? Sha512(File.ReadAllBytes(package.Nupkg)) : "(missing)";
        if (actual != package.Sha512)
            throw new ReproException($"the plugin store entry {package.Folder} is damaged: its .nupkg has SHA-512 {Short(actual)}, it was stored as {Short(package.Sha512)}; delete the folder to restore it again");
    }

    /// <summary>Writes <paramref name="target"/> through <paramref name="fill"/> on a temp folder renamed into place; a concurrent writer's entry wins.</summary>
    public void Atomically(string target, Action<string> fill)
    {
        var temp = Path.Combine(root, ".tmp", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try { Directory.Move(temp, target); }
            catch (IOException) when (Directory.Exists(target)) { }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>SHA-512 as lower-case hex.</summary>
    public static string Sha512(byte[] bytes) => Convert.ToHexStringLower(SHA512.HashData(bytes));

    /// <summary>A hash shortened for messages.</summary>
    public static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private string VersionFolder(string id, NuGetVersion version) =>
        Path.Combine(root, id.ToLowerInvariant(), version.ToNormalizedString().ToLowerInvariant());
}
