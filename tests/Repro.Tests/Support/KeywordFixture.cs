namespace Repro.Tests.Support;

/// <summary>
/// The third-party fixture plugin tests/Fixtures/KeywordTask, built or packed as its author would: against the
/// Repro.Contracts package (<see cref="ContractsFeed"/>).
/// </summary>
internal static class KeywordFixture
{
    public static string Project { get; } = FixturePlugins.Project("KeywordTask");

    /// <summary><c>dotnet pack</c> as package <paramref name="packageId"/> <paramref name="version"/> into the folder feed <paramref name="feed"/>; returns the .nupkg.</summary>
    public static string Pack(string feed, string packageId, string version) =>
        ContractsFeed.Pack(Project, Path.Combine(Path.GetTempPath(), "repro-tests", "keyword-" + Guid.NewGuid().ToString("n")[..12]), feed, packageId, version);
}
