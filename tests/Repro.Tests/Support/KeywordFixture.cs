namespace Repro.Tests.Support;

/// <summary>
/// The third-party fixture plugin tests/Fixtures/KeywordTask, built or packed as its author would: against the
/// Repro.Contracts package (<see cref="ContractsFeed"/>).
/// </summary>
internal static class KeywordFixture
{
    /// <summary>tests/Fixtures/KeywordTask, the project folder.</summary>
    public static string Folder { get; } = Path.GetDirectoryName(FixturePlugins.Project("KeywordTask"))!;

    /// <summary><c>dotnet build</c> of a copy in <paramref name="folder"/>; returns the output folder.</summary>
    public static string Build(string folder) => ContractsFeed.Build(Folder, folder);

    /// <summary><c>dotnet pack</c> as package <paramref name="packageId"/> <paramref name="version"/> into the folder feed <paramref name="feed"/>; returns the .nupkg.</summary>
    public static string Pack(string feed, string packageId, string version) =>
        ContractsFeed.Pack(Folder, Path.Combine(Path.GetTempPath(), "repro-tests", "keyword-" + Guid.NewGuid().ToString("n")[..12]), feed, packageId, version);
}
