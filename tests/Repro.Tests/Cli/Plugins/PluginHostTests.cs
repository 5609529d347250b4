using Repro.Contracts;
using Repro.Engine;
using Repro.Engine.Plugins;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The plugin host: built-ins and third-party assemblies through one path.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginHostTests
{
    [Fact]
    public void BuiltInsLoadThroughThePluginHostWithTheirMetadata()
    {
        var catalog = PluginCatalog.Load([Paths.BuiltInPlugins], includeBuiltIns: false);

        var encoder = catalog.Find("bert-encoder")!;
        Assert.Equal(PluginKind.Model, encoder.Kind);
        Assert.Equal("2.2.0", encoder.Version.ToString());
        Assert.EndsWith(Path.Combine("plugins", "Repro.Plugins.Encoder", "Repro.Plugins.Encoder.dll"), encoder.AssemblyPath);
        Assert.Equal(64, encoder.AssemblySha256.Length);
        var hidden = encoder.Parameters.Single(p => p.Name == "hidden_size");
        Assert.Equal("int", hidden.TypeName);
        Assert.False(string.IsNullOrWhiteSpace(hidden.Description));
        Assert.Contains(catalog.Plugins, p => p.Id == "synthetic-corpus" && p.Kind == PluginKind.Task);
        // Loaded in its own context, yet its types are the host's: the plugin derives from the host's Encoder.
        Assert.IsAssignableFrom<IModelPlugin>(encoder.Instance);
    }

    [Fact]
    public void ADuplicateIdNamesBothAssemblies()
    {
        using var temp = new TempDirectory();
        var copy = Path.Combine(temp.Path, "Repro.Plugins.Encoder");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Path.Combine(Paths.BuiltInPlugins, "Repro.Plugins.Encoder")))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));

        var e = Assert.Throws<ReproException>(() => PluginCatalog.Load([Paths.BuiltInPlugins, temp.Path], includeBuiltIns: false));

        Assert.Contains("plugin id 'bert-encoder' is defined twice", e.Message);
        Assert.Contains(Path.Combine(Paths.BuiltInPlugins, "Repro.Plugins.Encoder", "Repro.Plugins.Encoder.dll"), e.Message);
        Assert.Contains(Path.Combine(copy, "Repro.Plugins.Encoder.dll"), e.Message);
    }

    [Fact]
    public void ABrokenAssemblyIsNamed()
    {
        using var temp = new TempDirectory();
        var broken = temp.Write("Broken.dll", "this is not an assembly");

        var e = Assert.Throws<ReproException>(() => PluginCatalog.Load([broken], includeBuiltIns: false));

        Assert.Contains($"plugin assembly {broken} could not be loaded", e.Message);
    }

    [Fact]
    public void AMissingPluginPathIsNamed()
    {
        var e = Assert.Throws<ReproException>(() => PluginCatalog.Load(["/no/such/plugins"], includeBuiltIns: false));
        Assert.Contains("plugin path not found: /no/such/plugins", e.Message);
    }

    [Fact]
    public void AThirdPartyPluginBuiltOutsideTheSolutionRunsInARecipe()
    {
        using var temp = new TempDirectory();
        // Built as its author would: a copy of the project that references the Repro.Contracts package from a feed.
        var output = KeywordFixture.Build(Path.Combine(temp.Path, "KeywordTask"));
        Assert.False(File.Exists(Path.Combine(output, "TorchSharp.dll")), "a plugin must not carry its own TorchSharp");
        Assert.False(File.Exists(Path.Combine(output, "Repro.Contracts.dll")), "a plugin must not carry its own contracts");

        var listed = Cli.Run(temp.Path, "plugins", "--plugins", output);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("keyword-task", listed.Stdout);

        var recipe = temp.Write("keyword.yaml", $"""
            name: keyword
            version: 1.0.0
            threads: 1
            plugins: {"{"} keyword-task: ^0.3 {"}"}
            {TinyRecipes.Model}
            stages:
              target:
                kind: finetune
                task: {"{"} plugin: keyword-task, params: {"{"} keyword: zebra, train_size: 32 {"}"} {"}"}
                optimizer: {"{"} lr: 3.0e-3 {"}"}
                steps: 8
                batch_size: 8
            """);
        var run = Cli.Run(temp.Path, "run", recipe, "--plugins", output, "--out", "runs");
        Assert.True(run.ExitCode == 0, run.ToString());
        var manifest = File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "manifest.json", SearchOption.AllDirectories).Single());
        Assert.Contains("\"id\": \"keyword-task\"", manifest);
        Assert.Contains("\"version\": \"0.3.0\"", manifest);

        var without = Cli.Run(temp.Path, "run", recipe, "--out", "runs");
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("unknown plugin 'keyword-task'", without.Stderr);
    }
}
