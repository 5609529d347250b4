using Repro.Contracts;

namespace Repro.Tests.Shared;

/// <summary>A temporary recipe folder that plugin tests write small data files into (linked into each plugin test project).</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("repro-plugin-test-").FullName;

    public TaskContext Context => new(Path, DataSeed: 7);

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return relative;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
