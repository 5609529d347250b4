using static Repro.Tests.Support.FixturePlugins;

namespace Repro.Tests.Support;

/// <summary>
/// The third-party fixture plugin tests/Fixtures/KeywordTask, built or packed as its author would: against the
/// contracts only (<see cref="FixturePlugins.ContractsProperty"/>).
/// </summary>
internal static class KeywordFixture
{
    public static string Project { get; } = FixturePlugins.Project("KeywordTask");

    /// <summary><c>dotnet build</c> into <paramref name="output"/>.</summary>
    public static void Build(string output) => FixturePlugins.Build("KeywordTask", output);

    /// <summary><c>dotnet pack</c> as package <paramref name="packageId"/> <paramref name="version"/> into the folder feed <paramref name="feed"/>; returns the .nupkg.</summary>
    public static string Pack(string feed, string packageId, string version)
    {
        Dotnet("pack", Project, "-o", feed, ContractsProperty, $"-p:PackageId={packageId}", $"-p:Version={version}", "-nologo", "-v", "q");
        return Path.Combine(feed, $"{packageId}.{version}.nupkg");
    }
}
