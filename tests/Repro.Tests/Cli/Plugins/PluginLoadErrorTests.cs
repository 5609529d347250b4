using Repro.Engine;
using Repro.Engine.Plugins;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Plugin folders and parameter classes the host refuses when it loads them, with exit 2 and the file or property named.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginLoadErrorTests
{
    public static TheoryData<string, string, string> MalformedDeps => new()
    {
        // {} made the .NET host's dependency resolver abort the process (exit 134, no message).
        { "empty object", "{}", "it has no \"runtimeTarget\"" },
        { "no runtime target name", """{ "runtimeTarget": {}, "targets": {} }""", "\"runtimeTarget\" has no string \"name\"" },
        { "truncated", """{ "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" }, "targets": { ".NETCo""", "not valid JSON" },
        { "not JSON", "this is not json", "not valid JSON" },
        { "an array", "[]", "the top level is a JSON array, not an object" },
    };

    [Theory]
    [MemberData(nameof(MalformedDeps))]
    public void AMalformedDepsJsonIsNamedWithWhatIsWrong(string what, string content, string problem)
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "plugins", "Repro.Plugins.Synthetic");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(Paths.BuiltInPlugins, "Repro.Plugins.Synthetic")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var deps = Path.Combine(folder, "Repro.Plugins.Synthetic.deps.json");
        File.WriteAllText(deps, content);

        var result = Cli.Run(temp.Path, "plugins", "--plugins", Path.Combine(temp.Path, "plugins"));

        Assert.True(result.ExitCode == 2, $"{what}: {result}");
        Assert.Contains($"error: {deps}: {problem}", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData(nameof(Unsupported.When), "DateTime")]
    [InlineData(nameof(Unsupported.Sizes), "List<int>")]
    [InlineData(nameof(Unsupported.Limit), "int?")]
    [InlineData(nameof(Unsupported.Grid), "int[][]")]
    public void AParameterOfAnUnsupportedTypeIsRefusedNamingPluginAndProperty(string property, string type)
    {
        var e = Assert.Throws<ReproException>(() => ParameterTypes.Check("odd-plugin", typeof(Unsupported), "/plugins/Odd.dll"));

        Assert.Contains("plugin 'odd-plugin' (/plugins/Odd.dll)", e.Message);
        Assert.Contains($"Unsupported.{property} is {type}", e.Message);
    }

    [Fact]
    public void EveryTypeTheBinderReadsIsSupported() => ParameterTypes.Check("fine-plugin", typeof(Supported), "/plugins/Fine.dll");

    [Fact]
    public void APluginAssemblyWithADateTimeParameterIsRefusedWhenItLoads()
    {
        using var temp = new TempDirectory();
        var output = FixturePlugins.Build("FaultyPlugins", Path.Combine(temp.Path, "plugins"), "DefineConstants=UNSUPPORTED_PARAMETER");

        var result = Cli.Run(temp.Path, "plugins", "--plugins", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error: plugin 'dated-task' ({Path.Combine(output, "FaultyPlugins.dll")}) has parameter of unsupported type: DatedTaskParameters.Since is DateTime", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private enum Colour { Red, Green }

    private sealed class Supported
    {
        public int A { get; set; }
        public long B { get; set; }
        public double C { get; set; }
        public float D { get; set; }
        public bool E { get; set; }
        public string F { get; set; } = "";
        public Colour G { get; set; }
        public int[] H { get; set; } = [];
        public string[] I { get; set; } = [];
        public Colour[] J { get; set; } = [];
        public DateTime ReadOnly => DateTime.MinValue;
    }

    private sealed class Unsupported
    {
        public int Fine { get; set; }
        public DateTime When { get; set; }
        public List<int> Sizes { get; set; } = [];
        public int? Limit { get; set; }
        public int[][] Grid { get; set; } = [];
    }
}
