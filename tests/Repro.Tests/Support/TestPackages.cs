using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Repro.Tests.Support;

/// <summary>Plugin packages and feeds made by hand for tests: a .nupkg of given files, a nuget.config, an assembly's contracts reference rewritten.</summary>
internal static class TestPackages
{
    /// <summary>A .nupkg written by hand: a nuspec with net10.0 dependencies and the given files.</summary>
    public static void HandMade(string feed, string id, string version, string dependencies, params (string Path, byte[] Bytes)[] files)
    {
        using var zip = ZipFile.Open(Path.Combine(feed, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
            nuspec.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    <authors>Acme</authors>
                    <description>test package</description>
                    <dependencies><group targetFramework="net10.0">{dependencies}</group></dependencies>
                  </metadata>
                </package>
                """);
        foreach (var (path, bytes) in files)
            using (var stream = zip.CreateEntry(path).Open()) stream.Write(bytes);
    }

    /// <summary>A nuget.config beside the recipe that lists only <paramref name="feed"/>.</summary>
    public static void WriteNuGetConfig(TempDirectory temp, string feed) => temp.Write("nuget.config", $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="test-feed" value="{feed}" />
          </packageSources>
        </configuration>
        """);

    /// <summary>Edits, in place, the version of the assembly's Repro.Contracts reference (the AssemblyRef row's four 16-bit fields).</summary>
    public static void RewriteContractsReference(string path, Version version)
    {
        var bytes = File.ReadAllBytes(path);
        int offset;
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            var metadata = pe.GetMetadataReader();
            var handle = metadata.AssemblyReferences.Single(h => metadata.GetString(metadata.GetAssemblyReference(h).Name) == "Repro.Contracts");
            var tableStart = metadata.GetTableMetadataOffset(TableIndex.AssemblyRef);
            var rowSize = metadata.GetTableRowSize(TableIndex.AssemblyRef);
            var row = MetadataTokens.GetRowNumber(handle) - 1;
            var metadataStart = pe.PEHeaders.MetadataStartOffset;
            offset = metadataStart + tableStart + row * rowSize;
        }
        BitConverter.TryWriteBytes(bytes.AsSpan(offset, 2), (ushort)version.Major);
        BitConverter.TryWriteBytes(bytes.AsSpan(offset + 2, 2), (ushort)version.Minor);
        BitConverter.TryWriteBytes(bytes.AsSpan(offset + 4, 2), (ushort)version.Build);
        BitConverter.TryWriteBytes(bytes.AsSpan(offset + 6, 2), (ushort)version.Revision);
        File.WriteAllBytes(path, bytes);
    }
}
