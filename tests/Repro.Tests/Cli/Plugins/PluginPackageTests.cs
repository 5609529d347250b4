using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The fixture plugin packed once as Acme.Keyword 1.0.0 into a folder feed shared by the tests of a class.</summary>
public sealed class KeywordPackageFeed : IDisposable
{
    private readonly TempDirectory _temp = new();

    public KeywordPackageFeed()
    {
        Feed = Path.Combine(_temp.Path, "feed");
        Nupkg = KeywordFixture.Pack(Feed, "Acme.Keyword", "1.0.0");
        Store = Path.Combine(_temp.Path, "store");
    }

    /// <summary>The folder feed holding Acme.Keyword.1.0.0.nupkg.</summary>
    public string Feed { get; }

    public string Nupkg { get; }

    /// <summary>A plugin store shared by the class's tests.</summary>
    public string Store { get; }

    public string Sha512 => Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(Nupkg)));

    public void Dispose() => _temp.Dispose();
}

/// <summary>Recipes name plugin packages; runs record them; reproduce and resume find a run's plugins again.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginPackageTests(KeywordPackageFeed packed) : IClassFixture<KeywordPackageFeed>
{
    /// <summary>A one-stage recipe of the keyword-task plugin with <paramref name="plugins"/> as its <c>plugins:</c> entries.</summary>
    internal static string Recipe(string plugins) => $"""
        name: keyword
        version: 1.0.0
        threads: 1
        plugins:
        {plugins}
        {TinyRecipes.Model}
        stages:
          target:
            kind: finetune
            task: {"{"} plugin: keyword-task, params: {"{"} keyword: zebra, train_size: 32 {"}"} {"}"}
            optimizer: {"{"} lr: 3.0e-3 {"}"}
            steps: 8
            batch_size: 8
        """;

    private const string Package = "  keyword-task: { package: Acme.Keyword, version: 1.0.0 }";

    private Dictionary<string, string> Store(string? store = null) => new() { ["REPRO_PLUGIN_STORE"] = store ?? packed.Store };

    private static JsonElement Plugin(string run, string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement.GetProperty("plugins").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == id);

    /// <summary>A folder feed of this test's own, holding a copy of the packed fixture.</summary>
    private string OwnFeed(TempDirectory temp)
    {
        var feed = Path.Combine(temp.Path, "feed");
        Directory.CreateDirectory(feed);
        File.Copy(packed.Nupkg, Path.Combine(feed, Path.GetFileName(packed.Nupkg)));
        return feed;
    }

    [Fact]
    public void ARunFromAPackageIsRecordedAndReproducedAndResumedWithoutPlugins()
    {
        using var temp = new TempDirectory();
        var feed = OwnFeed(temp);
        TestPackages.WriteNuGetConfig(temp, feed);
        var recipe = temp.Write("keyword.yaml", Recipe(Package));
        var store = Path.Combine(temp.Path, "store");

        var run = Cli.RunWith(Store(store), temp.Path, "run", recipe, "--out", "runs");

        Assert.True(run.ExitCode == 0, run.ToString());
        var directory = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "keyword@1.0.0")).Single();
        var plugin = Plugin(directory, "keyword-task");
        var package = plugin.GetProperty("package");
        Assert.Equal("Acme.Keyword", package.GetProperty("id").GetString());
        Assert.Equal("1.0.0", package.GetProperty("version").GetString());
        Assert.Equal(feed, package.GetProperty("source").GetString());
        Assert.Equal(packed.Sha512, package.GetProperty("sha512").GetString());
        var assembly = plugin.GetProperty("assembly").GetString()!;
        Assert.StartsWith(store + Path.DirectorySeparatorChar, assembly);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(assembly))), plugin.GetProperty("sha256").GetString());

        // From the store, and from the feed into an empty store (the original recipe's nuget.config, the recorded source).
        var reproduced = Cli.RunWith(Store(store), temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(reproduced.ExitCode == 0, reproduced.ToString());
        Assert.Contains("certificate: identical", reproduced.Stdout);
        var fromFeed = Cli.RunWith(Store(Path.Combine(temp.Path, "empty-store")), temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(fromFeed.ExitCode == 0, fromFeed.ToString());
        Assert.Contains("certificate: identical", fromFeed.Stdout);

        // An unfinished run (its INCOMPLETE marker back) resumes with the plugin found from its manifest.
        File.WriteAllText(Path.Combine(directory, "INCOMPLETE"), "");
        var resumed = Cli.RunWith(Store(store), temp.Path, "run", "--resume", directory);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.False(File.Exists(Path.Combine(directory, "INCOMPLETE")));
        Assert.Equal(packed.Sha512, Plugin(directory, "keyword-task").GetProperty("package").GetProperty("sha512").GetString());

        // The feed now serves another package under the same version: refused, with the recorded and the found hash.
        using (var zip = ZipFile.Open(Path.Combine(feed, Path.GetFileName(packed.Nupkg)), ZipArchiveMode.Update))
            using (var writer = new StreamWriter(zip.CreateEntry("changed.txt").Open())) writer.Write("changed");
        var changedSha512 = Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(Path.Combine(feed, Path.GetFileName(packed.Nupkg)))));
        var changed = Cli.RunWith(Store(Path.Combine(temp.Path, "another-store")), temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(changed.ExitCode == 2, changed.ToString());
        Assert.Contains($"package Acme.Keyword 1.0.0 from {feed} has SHA-512 {changedSha512}, but the run recorded {packed.Sha512}", changed.Stderr);
    }

    [Fact]
    public void TheDependencyClosureIsRestoredAtTheLowestVersionWithoutHostPackages()
    {
        using var temp = new TempDirectory();
        var feed = Path.Combine(temp.Path, "feed");
        Directory.CreateDirectory(feed);
        using (var fixture = ZipFile.OpenRead(packed.Nupkg))
        {
            var plugin = fixture.Entries.Single(e => e.FullName.EndsWith("KeywordTask.dll", StringComparison.Ordinal));
            using var bytes = new MemoryStream();
            using (var stream = plugin.Open()) stream.CopyTo(bytes);
            TestPackages.HandMade(feed, "Acme.KeywordPlus", "1.0.0", """<dependency id="Acme.Words" version="1.0.0" /><dependency id="TorchSharp" version="0.107.0" />""",
                ("lib/net10.0/KeywordTask.dll", bytes.ToArray()));
        }
        TestPackages.HandMade(feed, "Acme.Words", "1.0.0", "", ("lib/net10.0/Acme.Words.dll", "1.0.0"u8.ToArray()));
        TestPackages.HandMade(feed, "Acme.Words", "1.1.0", "", ("lib/net10.0/Acme.Words.dll", "1.1.0"u8.ToArray()));
        TestPackages.WriteNuGetConfig(temp, feed);
        var store = Path.Combine(temp.Path, "store");

        var result = Cli.RunWith(Store(store), temp.Path, "plugins", "--recipe",
            temp.Write("plus.yaml", Recipe("  keyword-task: { package: Acme.KeywordPlus, version: 1.0.0 }")), "--describe", "keyword-task");

        Assert.True(result.ExitCode == 0, result.ToString());
        var folder = Directory.GetDirectories(Path.Combine(store, "acme.keywordplus", "1.0.0")).Single();
        Assert.Equal("1.0.0", File.ReadAllText(Path.Combine(folder, "plugin", "Acme.Words.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "plugin", "KeywordTask.dll")));
        Assert.False(Directory.Exists(Path.Combine(store, "acme.words", "1.1.0")));
        Assert.False(Directory.Exists(Path.Combine(store, "torchsharp")));

        var noPlugin = Cli.RunWith(Store(store), temp.Path, "plugins", "--recipe",
            temp.Write("words.yaml", Recipe("  keyword-task: { package: Acme.Words, version: 1.0.0 }")));
        Assert.True(noPlugin.ExitCode == 2, noPlugin.ToString());
        Assert.Contains("recipe.plugins.keyword-task: package Acme.Words 1.0.0 holds no plugin assembly", noPlugin.Stderr);
    }

    [Fact]
    public void ASecondRestoreUsesTheStoreAndNeedsNoFeed()
    {
        using var temp = new TempDirectory();
        var feed = OwnFeed(temp);
        TestPackages.WriteNuGetConfig(temp, feed);
        var recipe = temp.Write("keyword.yaml", Recipe(Package));
        var store = Store(Path.Combine(temp.Path, "store"));

        var first = Cli.RunWith(store, temp.Path, "plugins", "--recipe", recipe);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"package Acme.Keyword@1.0.0 from {feed}", first.Stdout);

        Directory.Delete(feed, recursive: true);
        var second = Cli.RunWith(store, temp.Path, "plugins", "--recipe", recipe, "--describe", "keyword-task");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"origin:   package Acme.Keyword@1.0.0 from {feed}", second.Stdout);
        Assert.Contains(Path.Combine(temp.Path, "store", "acme.keyword", "1.0.0", packed.Sha512[..16]), second.Stdout);
    }

    [Fact]
    public void AWrongSha512PinIsRefusedNamingBothHashes()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        var pin = new string('a', 128);
        var recipe = temp.Write("keyword.yaml", Recipe($"  keyword-task: {{ package: Acme.Keyword, version: 1.0.0, sha512: {pin} }}"));

        var result = Cli.RunWith(Store(), temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{recipe}:5:17: recipe.plugins.keyword-task: package Acme.Keyword 1.0.0 from {packed.Feed} has SHA-512 {packed.Sha512}", result.Stderr);
        Assert.Contains(pin, result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")));
    }

    [Fact]
    public void AnUnknownPackageIsRefusedNamingTheSourcesTried()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        var recipe = temp.Write("keyword.yaml", Recipe("  keyword-task: { package: Acme.Nope, version: 1.0.0 }"));

        var result = Cli.RunWith(Store(), temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("package Acme.Nope was not found on any source (tried: " + packed.Feed, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void AnUnsatisfiableRangeListsTheVersionsAvailable()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        var recipe = temp.Write("keyword.yaml", Recipe("  keyword-task: { package: Acme.Keyword, version: '[2.0,3.0)' }"));

        var result = Cli.RunWith(Store(), temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"no version of package Acme.Keyword satisfies [2.0,3.0) (available: 1.0.0 on {packed.Feed})", result.Stderr);
    }

    [Fact]
    public void ARangeRestoresTheLowestVersionItAllows()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        var recipe = temp.Write("keyword.yaml", Recipe("  keyword-task: { package: Acme.Keyword, version: '[0.5,2.0)' }"));

        var result = Cli.RunWith(Store(), temp.Path, "plugins", "--recipe", recipe);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("package Acme.Keyword@1.0.0 from", result.Stdout);
    }

    [Fact]
    public void APackageThatLacksTheNamedPluginSaysWhatItHolds()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        var recipe = temp.Write("keyword.yaml", Recipe("  keyword-tasks: { package: Acme.Keyword, version: 1.0.0 }"));

        var result = Cli.RunWith(Store(), temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("recipe.plugins.keyword-tasks: package Acme.Keyword@1.0.0 from", result.Stderr);
        Assert.Contains("holds the plugins keyword-task, not 'keyword-tasks'", result.Stderr);
    }

    [Fact]
    public void APathPluginIsFoundFromTheManifestAndAChangeNamesRecordedAndFound()
    {
        using var temp = new TempDirectory();
        TestPackages.WriteNuGetConfig(temp, packed.Feed);
        // The packed plugin's assembly, used as a path plugin (--plugins), as a plugin author's build output would be.
        var restored = Cli.RunWith(Store(), temp.Path, "plugins", "--recipe", temp.Write("package.yaml", Recipe(Package)), "--describe", "keyword-task");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        var folder = Path.Combine(temp.Path, "plugin");
        Directory.CreateDirectory(folder);
        var store = Directory.GetFiles(packed.Store, "KeywordTask.dll", SearchOption.AllDirectories).First(f => f.Contains($"{Path.DirectorySeparatorChar}plugin{Path.DirectorySeparatorChar}"));
        var dll = Path.Combine(folder, "KeywordTask.dll");
        File.Copy(store, dll);
        var recipe = temp.Write("keyword.yaml", Recipe("  keyword-task: ^0.3"));
        var run = Cli.Run(temp.Path, "run", recipe, "--plugins", dll, "--out", "runs");
        Assert.True(run.ExitCode == 0, run.ToString());
        var directory = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "keyword@1.0.0")).Single();
        var recorded = Plugin(directory, "keyword-task").GetProperty("sha256").GetString()!;

        var same = Cli.Run(temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("certificate: identical", same.Stdout);

        File.AppendAllText(dll, "changed");
        var found = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dll)));
        var changed = Cli.Run(temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(changed.ExitCode == 2, changed.ToString());
        Assert.Contains($"plugin 'keyword-task' 0.3.0: its assembly changed (found {dll}, SHA-256 {found[..12]}…; the run used {dll}, SHA-256 {recorded[..12]}…)", changed.Stderr);

        File.Delete(dll);
        var gone = Cli.Run(temp.Path, "reproduce", directory, "--out", "again");
        Assert.True(gone.ExitCode == 2, gone.ToString());
        Assert.Contains($"plugin 'keyword-task' 0.3.0: the run loaded it from {dll} (SHA-256 {recorded[..16]}…), which is gone", gone.Stderr);
    }

    [Fact]
    public void AMalformedPackageEntryIsReportedAtItsLinesBeforeAnyRestore()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("keyword.yaml", Recipe("""
              keyword-task:
                package: Acme.Keyword
                version: 1.*
                sha512: abc
                source: somewhere
            """));

        var e = Assert.Throws<Repro.Engine.Recipes.RecipeException>(() => Repro.Engine.Recipes.RecipeLoader.Load(recipe, [], [Paths.BuiltInPlugins]));

        var problems = e.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains($"{recipe}:7:14: recipe.plugins.keyword-task.version: '1.*' is not a NuGet version (1.2.0, exact) or range ([1.2,2.0), [1.2,)); floating versions are not allowed", problems);
        Assert.Contains($"{recipe}:8:13: recipe.plugins.keyword-task.sha512 must be the .nupkg file's SHA-512 as 128 hex digits or 88 base64 characters", problems);
        Assert.Contains($"{recipe}:9:5: unknown key 'source' in recipe.plugins.keyword-task", problems);
    }

    [Fact]
    public void APackageVersionIsExactUnlessWrittenAsARange()
    {
        Assert.Equal("1.2.0", Repro.Engine.Plugins.PackageRequirement.ParseVersions("1.2.0")!.MaxVersion!.ToNormalizedString());
        Assert.True(Repro.Engine.Plugins.PackageRequirement.ParseVersions("[1.2,2.0)")!.Satisfies(NuGet.Versioning.NuGetVersion.Parse("1.9.0")));
        Assert.False(Repro.Engine.Plugins.PackageRequirement.ParseVersions("1.2.0")!.Satisfies(NuGet.Versioning.NuGetVersion.Parse("1.2.1")));
        var sha = new string('0', 126) + "ff";
        Assert.Equal(sha, Repro.Engine.Plugins.PackageRequirement.NormalizeSha512(Convert.ToBase64String(Convert.FromHexString(sha))));
    }
}
