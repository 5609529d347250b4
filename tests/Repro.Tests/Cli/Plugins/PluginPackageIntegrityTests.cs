using System.IO.Compression;
using System.Security.Cryptography;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// What a plugin package loads is what it was: an assembly refused at load is the reason for every plugin id of its
/// package, a file replaced in the plugin store is refused by name, and a reproduction with a changed plugin assembly says so.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginPackageIntegrityTests(KeywordPackageFeed packed) : IClassFixture<KeywordPackageFeed>
{
    private const string Package = "  keyword-task: { package: Acme.Keyword, version: 1.0.0 }";

    private static Dictionary<string, string> Store(string store) => new() { ["REPRO_PLUGIN_STORE"] = store };

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>The fixture's plugin assembly, as its package holds it.</summary>
    private byte[] KeywordAssembly()
    {
        using var nupkg = ZipFile.OpenRead(packed.Nupkg);
        using var stream = nupkg.Entries.Single(e => e.FullName.EndsWith("KeywordTask.dll", StringComparison.Ordinal)).Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A folder feed of the test's own with the packed fixture, a nuget.config naming it, and an empty store.</summary>
    private (string Recipe, string Store) Restorable(TempDirectory temp)
    {
        var feed = Path.Combine(temp.Path, "feed");
        Directory.CreateDirectory(feed);
        File.Copy(packed.Nupkg, Path.Combine(feed, Path.GetFileName(packed.Nupkg)));
        TestPackages.WriteNuGetConfig(temp, feed);
        return (temp.Write("keyword.yaml", PluginPackageTests.Recipe(Package)), Path.Combine(temp.Path, "store"));
    }

    [Fact]
    public void AnAssemblyRefusedAtLoadIsTheReasonForEveryPluginIdOfItsPackage()
    {
        using var temp = new TempDirectory();
        var feed = Path.Combine(temp.Path, "feed");
        Directory.CreateDirectory(feed);
        var assembly = Path.Combine(temp.Path, "KeywordTask.dll");
        File.WriteAllBytes(assembly, KeywordAssembly());
        TestPackages.RewriteContractsReference(assembly, new Version(2, 0, 0, 0));
        TestPackages.HandMade(feed, "Acme.Future", "1.0.0", "", ("lib/net10.0/KeywordTask.dll", File.ReadAllBytes(assembly)));
        TestPackages.WriteNuGetConfig(temp, feed);
        var recipe = temp.Write("keyword.yaml", PluginPackageTests.Recipe(
            "  keyword-task: { package: Acme.Future, version: 1.0.0 }\n  keyword-more: { package: Acme.Future, version: 1.0.0 }"));

        var result = Cli.RunWith(Store(Path.Combine(temp.Path, "store")), temp.Path, "run", recipe, "--out", "runs");

        Refusal.AssertBeforeWriting(temp, result, "the recipe has 2 problems");
        foreach (var id in new[] { "keyword-task", "keyword-more" })
            Assert.Matches($@"recipe\.plugins\.{id}: plugin assembly \S+KeywordTask\.dll cannot be loaded: it was built against Repro\.Contracts 2\.0\.0", result.Stderr);
        Assert.DoesNotContain("holds no plugins", result.Stderr);
    }

    [Fact]
    public void AnAssemblyReplacedInTheStoreIsRefusedNamingTheFile()
    {
        using var temp = new TempDirectory();
        var (recipe, store) = Restorable(temp);
        var restored = Cli.RunWith(Store(store), temp.Path, "plugins", "--recipe", recipe);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        var entry = Directory.GetDirectories(Path.Combine(store, "acme.keyword", "1.0.0")).Single();
        var loaded = Path.Combine(entry, "plugin", "KeywordTask.dll");
        var original = Sha256(loaded);

        // The assembly that is loaded, replaced.
        File.AppendAllText(loaded, "tampered");
        var replaced = Cli.RunWith(Store(store), temp.Path, "run", recipe, "--out", "runs");
        Refusal.AssertBeforeWriting(temp, replaced, $"recipe.plugins.keyword-task: the plugin store entry {entry} was changed after it was restored: " +
            $"{loaded} has SHA-256 {Sha256(loaded)}, but package Acme.Keyword 1.0.0 holds it with SHA-256 {original}; delete the folder to restore it again");

        // The extracted package replaced, and the plugin folder composed again from it.
        var extracted = Directory.GetFiles(Path.Combine(entry, "lib"), "KeywordTask.dll", SearchOption.AllDirectories).Single();
        File.AppendAllText(extracted, "tampered");
        Directory.Delete(Path.Combine(entry, "plugin"), recursive: true);
        var recomposed = Cli.RunWith(Store(store), temp.Path, "run", recipe, "--out", "runs");
        Refusal.AssertBeforeWriting(temp, recomposed, $"{loaded} has SHA-256 {Sha256(extracted)}, but package Acme.Keyword 1.0.0 holds it with SHA-256 {original}");
    }

    [Fact]
    public void AReproductionWithAllowedPluginDriftNamesThePluginAndBothAssemblyHashes()
    {
        using var temp = new TempDirectory();
        var (packageRecipe, store) = Restorable(temp);
        Assert.Equal(0, Cli.RunWith(Store(store), temp.Path, "plugins", "--recipe", packageRecipe).ExitCode);
        var dll = Path.Combine(temp.Path, "plugin", "KeywordTask.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        File.Copy(Directory.GetFiles(store, "KeywordTask.dll", SearchOption.AllDirectories).Single(f => f.Contains($"{Path.DirectorySeparatorChar}plugin{Path.DirectorySeparatorChar}")), dll);
        var recipe = temp.Write("path.yaml", PluginPackageTests.Recipe("  keyword-task: ^0.3"));
        var run = Cli.Run(temp.Path, "run", recipe, "--plugins", dll, "--out", "runs");
        Assert.True(run.ExitCode == 0, run.ToString());
        var directory = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "keyword@1.0.0")).Single();
        var recorded = Sha256(dll);

        File.AppendAllText(dll, "changed");
        var reproduced = Cli.Run(temp.Path, "reproduce", directory, "--out", "again", "--allow-plugin-drift");

        Assert.True(reproduced.ExitCode == 0, reproduced.ToString());
        Assert.Contains("certificate: identical, with 1 plugin assembly other than the run's:", reproduced.Stdout);
        Assert.Contains($"  plugin 'keyword-task' 0.3.0: assembly SHA-256 {recorded} → {Sha256(dll)} ({dll})", reproduced.Stdout);
    }
}
