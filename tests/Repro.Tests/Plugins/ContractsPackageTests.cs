using System.Security.Cryptography;
using Repro.Engine;
using Repro.Engine.Plugins;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Repro.Contracts as a package: path-independent plugin builds and the contracts version rule.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ContractsPackageTests
{
    [Fact]
    public void ThePluginProjectBuiltInTwoFoldersIsTheSameAssemblyAndCarriesNoSharedAssemblies()
    {
        using var temp = new TempDirectory();

        var first = KeywordFixture.Build(Path.Combine(temp.Path, "clone-a", "KeywordTask"));
        var second = KeywordFixture.Build(Path.Combine(temp.Path, "elsewhere", "b", "KeywordTask"));

        Assert.Equal(Sha256(Path.Combine(first, "KeywordTask.dll")), Sha256(Path.Combine(second, "KeywordTask.dll")));
        var files = Directory.GetFiles(first).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("Repro.Contracts.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        var deps = File.ReadAllText(Path.Combine(first, "KeywordTask.deps.json"));
        Assert.DoesNotContain("Repro.Contracts", deps);
        Assert.DoesNotContain("TorchSharp", deps);
    }

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0.0", "1.3.0")]
    [InlineData("1.2.0", "1.3.1")]
    [InlineData("1.3.5", "1.3.0")]
    public void APluginBuiltAgainstTheSameMajorAndAnOlderOrEqualMinorLoads(string plugin, string host) =>
        Assert.Null(ContractsVersion.Incompatibility(Version.Parse(plugin), Version.Parse(host)));

    [Theory]
    [InlineData("0.2.0", "1.0.0", "1.0")]
    [InlineData("1.4.0", "1.3.0", "1.3")]
    [InlineData("2.0.0", "1.3.0", "1.3")]
    [InlineData("1.0.0", "2.1.0", "2.1")]
    public void AnyOtherPluginIsToldWhichContractsToRebuildAgainst(string plugin, string host, string rebuild)
    {
        var why = ContractsVersion.Incompatibility(Version.Parse(plugin), Version.Parse(host));

        Assert.NotNull(why);
        Assert.Contains($"built against Repro.Contracts {plugin}", why);
        Assert.EndsWith($"rebuild it against Repro.Contracts {rebuild}", why);
    }

    [Fact]
    public void APluginBuiltAgainstAnOlderMajorIsRefusedWithTheRebuildMessageNotALoaderError()
    {
        using var temp = new TempDirectory();
        var plugin = Path.Combine(temp.Path, "Old.Plugin.dll");
        File.Copy(Path.Combine(Paths.BuiltInPlugins, "Repro.Plugins.Regularizers", "Repro.Plugins.Regularizers.dll"), plugin);
        TestPackages.RewriteContractsReference(plugin, new Version(0, 2, 0, 0));

        var e = Assert.Throws<ReproException>(() => PluginCatalog.Load([plugin], includeBuiltIns: false));

        var host = ContractsVersion.Host;
        Assert.Equal($"plugin assembly {plugin} cannot be loaded: it was built against Repro.Contracts 0.2.0, but this repro provides {host.ToString(3)}; rebuild it against Repro.Contracts {host.Major}.{host.Minor}", e.Message);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
