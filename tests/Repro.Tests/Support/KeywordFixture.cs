using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>
/// The third-party fixture plugin tests/Fixtures/KeywordTask, built or packed as its author would: against the
/// contracts only. How it finds the contracts is said once, in <see cref="ContractsProperty"/>.
/// </summary>
internal static class KeywordFixture
{
    public static string Project { get; } = Path.Combine(Paths.Root, "tests", "Fixtures", "KeywordTask", "KeywordTask.csproj");

    /// <summary>The MSBuild property that points the fixture at the host's contracts.</summary>
    private static string ContractsProperty => $"-p:ReproContracts={Path.Combine(AppContext.BaseDirectory, "Repro.Contracts.dll")}";

    /// <summary><c>dotnet build</c> into <paramref name="output"/>.</summary>
    public static void Build(string output) => Dotnet("build", Project, "-o", output, ContractsProperty, "-nologo", "-v", "q");

    /// <summary><c>dotnet pack</c> as package <paramref name="packageId"/> <paramref name="version"/> into the folder feed <paramref name="feed"/>; returns the .nupkg.</summary>
    public static string Pack(string feed, string packageId, string version)
    {
        Dotnet("pack", Project, "-o", feed, ContractsProperty, $"-p:PackageId={packageId}", $"-p:Version={version}", "-nologo", "-v", "q");
        return Path.Combine(feed, $"{packageId}.{version}.nupkg");
    }

    private static void Dotnet(params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{log}");
    }
}
