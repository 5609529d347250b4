using Repro.Engine.Runs;
using YamlDotNet.RepresentationModel;

namespace Repro.Tool.Reports;

/// <summary>A run's stages in recipe order with their kinds, from its resolved <c>recipe.yaml</c> (empty when it cannot be read).</summary>
internal static class RecipeStages
{
    public static IReadOnlyList<(string Name, string Kind)> Read(string runDirectory)
    {
        var path = new RunFiles(runDirectory).Recipe;
        if (!File.Exists(path)) return [];
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("stages"), out var node) || node is not YamlMappingNode stages) return [];
        return [.. stages.Children.Select(s => (s.Key.ToString(),
            s.Value is YamlMappingNode stage && stage.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) ? kind.ToString() : ""))];
    }
}
