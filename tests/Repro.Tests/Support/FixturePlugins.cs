using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>
/// Builds the plugin fixtures under tests/Fixtures the way a third-party author would: against the contracts
/// assembly only. How a fixture finds the contracts is said once, in <see cref="ContractsProperty"/>.
/// </summary>
internal static class FixturePlugins
{
    /// <summary>The MSBuild property that points a fixture at the host's contracts.</summary>
    public static string ContractsProperty => $"-p:ReproContracts={Path.Combine(AppContext.BaseDirectory, "Repro.Contracts.dll")}";

    /// <summary>tests/Fixtures/NAME/NAME.csproj.</summary>
    public static string Project(string name) => Path.Combine(Paths.Root, "tests", "Fixtures", name, $"{name}.csproj");

    /// <summary>Builds fixture <paramref name="name"/> into <paramref name="output"/> with extra <c>-p:</c> properties; returns the output folder.</summary>
    public static string Build(string name, string output, params string[] properties)
    {
        Dotnet(["build", Project(name), "-o", output, ContractsProperty, .. properties.Select(p => $"-p:{p}"), "-nologo", "-v", "q"]);
        return output;
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/>; a failure fails the test with the log.</summary>
    public static void Dotnet(params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{log}");
    }
}

/// <summary>tests/Fixtures/FaultyPlugins, built once per test class that uses it.</summary>
public sealed class FaultyPluginsBuild : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FaultyPluginsBuild() => Output = FixturePlugins.Build("FaultyPlugins", Path.Combine(_temp.Path, "plugins"));

    /// <summary>The folder holding FaultyPlugins.dll and its deps.json.</summary>
    public string Output { get; }

    public void Dispose() => _temp.Dispose();
}
