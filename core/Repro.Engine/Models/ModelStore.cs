namespace Repro.Engine.Models;

/// <summary>
/// Where checkpoints named in recipes are found: a Hugging Face folder relative to the recipe, or a model
/// installed in the store (<c>$REPRO_MODELS</c>, else <c>$XDG_DATA_HOME/repro/models</c>, else
/// <c>~/.local/share/repro/models</c>), one folder per name.
/// </summary>
public static class ModelStore
{
    /// <summary>The store folder.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("REPRO_MODELS") is { Length: > 0 } root ? Path.GetFullPath(root)
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } data ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "repro", "models");

    /// <summary>
    /// The checkpoint folder a recipe names: a folder relative to <paramref name="recipeDirectory"/>, else an installed model.
    /// </summary>
    /// <exception cref="ReproException">Neither exists.</exception>
    public static string Resolve(string nameOrPath, string recipeDirectory, Action<string> info)
    {
        var path = Path.GetFullPath(Path.Combine(recipeDirectory, nameOrPath));
        if (Directory.Exists(path)) return path;
        return Installed(nameOrPath)
            ?? throw new ReproException($"no checkpoint folder {path} and no installed model '{nameOrPath}' in {Root}");
    }

    /// <summary>The folder of an installed model, or null.</summary>
    public static string? Installed(string name)
    {
        var folder = Path.Combine(Root, name);
        return Directory.Exists(folder) && File.Exists(Path.Combine(folder, "config.json")) ? folder : null;
    }
}
