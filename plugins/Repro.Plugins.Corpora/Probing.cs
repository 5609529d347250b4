using Repro.Contracts;

namespace Repro.Plugins.Corpora;

/// <summary>Builds a plugin's <see cref="DataSourceStatus"/> by locating its package and loading the task with default parameters.</summary>
internal static class Probing
{
    public static DataSourceStatus Probe(DataPackage package, Func<string> locate, Func<ITask> load)
    {
        string path;
        try { path = locate(); }
        catch (MissingDataSourceException e) { return Status(package, null, 0, null, e.Message); }
        try
        {
            var task = load();
            return Status(package, path, task.Splits.Sum(s => task.Get(s).Count), TaskFingerprint.Compute(task), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Status(package, path, 0, null, e.Message);
        }
    }

    private static DataSourceStatus Status(DataPackage package, string? path, int examples, string? fingerprint, string? problem) =>
        new(package.Source, package.Label, package.InstallCommand, path, examples, fingerprint, problem);
}
