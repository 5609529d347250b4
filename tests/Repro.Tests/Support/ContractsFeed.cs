using System.Diagnostics;
using System.Reflection;

namespace Repro.Tests.Support;

/// <summary>
/// Repro.Contracts packed once per test run (from the build the tests already use, under a unique prerelease
/// version) into a temporary folder feed, and third-party plugin projects built against it the way their authors
/// build them: a copy of the project in a folder of its own, a nuget.config that lists the feed and nuget.org,
/// restored into a private packages folder that falls back on the user's (so TorchSharp is not downloaded again).
/// </summary>
internal static class ContractsFeed
{
    private static readonly Lazy<(string Folder, string Version)> Packed = new(Pack);
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "repro-tests", "feed-" + Guid.NewGuid().ToString("n")[..12]);

    /// <summary>The package version of the packed contracts.</summary>
    public static string Version => Packed.Value.Version;

    /// <summary>Copies <paramref name="project"/> (a fixture folder) to <paramref name="folder"/> and builds it into <paramref name="folder"/>/out.</summary>
    public static string Build(string project, string folder)
    {
        var version = Prepare(project, folder);
        var output = Path.Combine(folder, "out");
        Run(folder, "build", "-c", "Release", "-o", output, $"-p:ReproContractsVersion={version}");
        return output;
    }

    /// <summary>Copies <paramref name="project"/> to <paramref name="folder"/> and packs it as <paramref name="packageId"/> <paramref name="packageVersion"/> into <paramref name="feedOut"/>; returns the .nupkg.</summary>
    public static string Pack(string project, string folder, string feedOut, string packageId, string packageVersion)
    {
        var version = Prepare(project, folder);
        Run(folder, "pack", "-c", "Release", "-o", feedOut, $"-p:ReproContractsVersion={version}", $"-p:PackageId={packageId}", $"-p:Version={packageVersion}");
        return Path.Combine(feedOut, $"{packageId}.{packageVersion}.nupkg");
    }

    /// <summary>The project copied to <paramref name="folder"/> with a nuget.config naming the contracts feed; returns the contracts version.</summary>
    private static string Prepare(string project, string folder)
    {
        var (feed, version) = Packed.Value;
        CopyProject(project, folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" /></config>
              <packageSources>
                <clear />
                <add key="repro" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders><add key="user" value="{UserPackagesFolder()}" /></fallbackPackageFolders>
            </configuration>
            """);
        return version;
    }

    private static (string, string) Pack()
    {
        var configuration = typeof(ContractsFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var version = $"{Repro.Engine.Plugins.ContractsVersion.Host.ToString(3)}-test.{Guid.NewGuid().ToString("n")[..8]}";
        var feed = Path.Combine(Root, "feed");
        Run(Paths.Root, "pack", Path.Combine(Paths.Root, "core", "Repro.Contracts"), "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={version}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(Root, recursive: true); } catch (IOException) { } };
        return (feed, version);
    }

    private static void CopyProject(string project, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(project))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    private static string UserPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void Run(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [.. args, "-nologo", "-v", "q"])
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed ({process.ExitCode}):\n{stdout.Result}{stderr.Result}");
    }
}
