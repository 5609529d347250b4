using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Repro.Engine.Plugins;

/// <summary>
/// The versioning rule of Repro.Contracts (docs/plugins.md, "Versions"): the host loads a plugin built against
/// its own major version and an equal or older minor version. The version a plugin was built against is read
/// from the file's metadata before any loader resolves a type, so a mismatch is explained here, not by the loader.
/// </summary>
public static class ContractsVersion
{
    /// <summary>The contracts assembly's name.</summary>
    public const string AssemblyName = "Repro.Contracts";

    /// <summary>The version of Repro.Contracts this host provides.</summary>
    public static Version Host { get; } = typeof(Repro.Contracts.IPlugin).Assembly.GetName().Version!;

    /// <summary>Why a plugin built against <paramref name="plugin"/> cannot run on <paramref name="host"/>; null when it can.</summary>
    public static string? Incompatibility(Version plugin, Version host) =>
        plugin.Major == host.Major && plugin.Minor <= host.Minor
            ? null
            : $"it was built against {AssemblyName} {Short(plugin)}, but this repro provides {Short(host)}; rebuild it against {AssemblyName} {host.Major}.{host.Minor}";

    /// <summary>The version of Repro.Contracts the assembly at <paramref name="path"/> references; null when it references none.</summary>
    public static Version? ReferencedBy(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) throw new BadImageFormatException("the file holds no .NET metadata");
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, AssemblyName)) return reference.Version;
            }
            return null;
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new ReproException($"plugin assembly {path} could not be loaded: {e.Message}");
        }
    }

    /// <summary>Refuses, by path, an assembly that references no contracts or contracts this host cannot serve.</summary>
    public static void Check(string path)
    {
        var wanted = ReferencedBy(path)
            ?? throw new ReproException($"{path} does not reference {AssemblyName}, so it holds no Repro plugin");
        if (Incompatibility(wanted, Host) is { } why)
            throw new ReproException($"plugin assembly {path} cannot be loaded: {why}");
    }

    private static string Short(Version v) => $"{v.Major}.{v.Minor}.{Math.Max(v.Build, 0)}";
}
