using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Repro.Engine.Models;

/// <summary>
/// Reads a manifest resource embedded in a .NET assembly without loading the assembly (its code never runs):
/// the metadata names the resource and its offset in the CLI header's resources directory, where a 4-byte
/// little-endian length precedes the bytes.
/// </summary>
public static class ManifestResources
{
    /// <summary>The names of the resources embedded in <paramref name="assembly"/> (the assembly's bytes).</summary>
    public static IReadOnlyList<string> Names(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly, writable: false));
        var metadata = pe.GetMetadataReader();
        return metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToList();
    }

    /// <summary>
    /// The bytes of the embedded resource <paramref name="name"/> of <paramref name="assembly"/>; <paramref name="what"/>
    /// names the assembly in errors. Throws <see cref="ReproException"/> when it is missing or its length runs past the section.
    /// </summary>
    public static byte[] Read(byte[] assembly, string name, string what)
    {
        using var pe = new PEReader(new MemoryStream(assembly, writable: false));
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
            throw new ReproException($"{what} is not a .NET assembly");
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != name) continue;
            if (!resource.Implementation.IsNil)
                throw new ReproException($"{what}: resource '{name}' is not embedded (it lives in another file)");
            var directory = pe.PEHeaders.CorHeader.ResourcesDirectory;
            if (resource.Offset + 4 > directory.Size)
                throw new ReproException($"{what}: resource '{name}' starts past the resources directory");
            var reader = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
                throw new ReproException($"{what}: resource '{name}' claims {length} bytes, more than the resources directory holds");
            return reader.ReadBytes(length);
        }
        throw new ReproException($"{what} has no embedded resource '{name}' (it has: {string.Join(", ", Names(assembly))})");
    }
}
