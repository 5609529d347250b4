using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>Builds a plugin fixture under tests/Fixtures the way a third-party author would: against the contracts assembly only.</summary>
internal static class FixturePlugins
{
    /// <summary>Builds <c>tests/Fixtures/NAME/NAME.csproj</c> into <paramref name="output"/>, with extra <c>-p:</c> properties; returns the output folder.</summary>
    public static string Build(string name, string output, params string[] properties)
    {
        var contracts = Path.Combine(AppContext.BaseDirectory, "Repro.Contracts.dll");
        var build = Process.Start(new ProcessStartInfo("dotnet",
            ["build", Path.Combine(Paths.Root, "tests", "Fixtures", name, $"{name}.csproj"), "-o", output, $"-p:ReproContracts={contracts}",
                .. properties.Select(p => $"-p:{p}"), "-nologo", "-v", "q"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        Assert.True(build.ExitCode == 0, log.Result + errors.Result);
        return output;
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
