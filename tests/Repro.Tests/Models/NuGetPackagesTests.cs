using Repro.Engine.Models;

namespace Repro.Tests;

/// <summary>Reading a package's file from the global packages folder, and the download fallback.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class NuGetPackagesTests
{
    private static readonly KnownModel Model = KnownModels.MiniLmL6;

    [Fact]
    public void ABuildFromSourceHasThePackageInTheGlobalPackagesFolder()
    {
        var file = NuGetPackages.ReadFile(Model.PackageId, Model.PackageVersion, Model.AssemblyPath);
        Assert.StartsWith(NuGetPackages.GlobalPackagesFolder(), file.Source);
        Assert.Equal([Model.OnnxResource, Model.VocabResource], ManifestResources.Names(file.Bytes).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DownloadsTheSameAssemblyFromTheFeedWhenThePackageIsNotInTheGlobalFolder()
    {
        var global = NuGetPackages.ReadFile(Model.PackageId, Model.PackageVersion, Model.AssemblyPath);
        var empty = Path.Combine(Path.GetTempPath(), "repro-tests", "no-packages-" + Guid.NewGuid().ToString("n")[..8]);
        var downloaded = NuGetPackages.ReadFile(Model.PackageId, Model.PackageVersion, Model.AssemblyPath, globalPackagesFolder: empty);
        Assert.StartsWith("http", downloaded.Source);
        Assert.Equal(global.Bytes, downloaded.Bytes);
        Assert.False(Directory.Exists(empty));
    }
}
