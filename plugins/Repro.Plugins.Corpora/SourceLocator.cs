namespace Repro.Plugins.Corpora;

/// <summary>The package is not installed where it was looked for.</summary>
public sealed class MissingDataSourceException(string message) : FileNotFoundException(message);

/// <summary>Finds a package's folder: the task's <c>path</c> parameter, else the package's standard locations.</summary>
internal static class SourceLocator
{
    /// <summary>
    /// The folder holding <see cref="DataPackage.Marker"/>. An explicit <paramref name="path"/> (relative to the
    /// recipe folder) is the only place looked at when given.
    /// </summary>
    public static string Find(DataPackage package, string path, string recipeDirectory)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            var full = Path.GetFullPath(path, Path.GetFullPath(recipeDirectory));
            if (File.Exists(Path.Combine(full, package.Marker))) return full;
            throw Missing(package, [full], $"path = '{path}' holds no {package.Marker}");
        }
        var candidates = package.Candidates().ToList();
        foreach (var folder in candidates)
            if (File.Exists(Path.Combine(folder, package.Marker))) return folder;
        if (package.Manager == PackageManager.Npm && NodeModules.GlobalRootFromNpm() is { } root)
        {
            var folder = Path.Combine(root, package.Name);
            candidates.Add(folder);
            if (File.Exists(Path.Combine(folder, package.Marker))) return folder;
        }
        throw Missing(package, candidates, $"{package.Marker} not found");
    }

    private static MissingDataSourceException Missing(DataPackage package, IReadOnlyList<string> looked, string what) => new(
        $"{package.Source} is missing ({what}; looked in {string.Join(", ", looked)}): install the {package.Label} package with " +
        $"`{package.InstallCommand}`, or run ./install-data.sh in the repro checkout to install every corpus; " +
        "or set the task's path parameter to the folder that holds it");
}
