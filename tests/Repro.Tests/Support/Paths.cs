using System.Reflection;

namespace Repro.Tests.Support;

/// <summary>Where the built tool, its plugins and the repository are.</summary>
internal static class Paths
{
    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string ToolDirectory { get; } = Metadata("ReproToolDirectory");
    public static string Tool { get; } = Path.Combine(ToolDirectory, "repro.dll");
    public static string BuiltInPlugins { get; } = Path.Combine(ToolDirectory, "plugins");
    public static string Root { get; } = Metadata("ReproRoot");
    public static string Recipes { get; } = Path.Combine(Root, "recipes");
    public static string BenchPlugins { get; } = Metadata("ReproBenchPlugins");
}
