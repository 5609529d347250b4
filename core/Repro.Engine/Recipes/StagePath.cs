using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// A recipe path into a stage, <c>stages.NAME.field</c>: the stage must be one of the recipe's, or setting the field
/// would make a stage of that one field. The one check for <c>--set</c> overrides, <c>sweep:</c> axes and <c>--grid</c> alike.
/// </summary>
internal static class StagePath
{
    /// <summary>Why <paramref name="path"/> names a field of a stage that <paramref name="root"/> does not have; null when it names no stage field or an existing stage's.</summary>
    public static string? MissingStage(YamlMappingNode root, string path)
    {
        var segments = path.Split('.');
        if (segments.Length < 3 || segments[0] != "stages") return null;
        if (!root.Children.TryGetValue(new YamlScalarNode("stages"), out var node) || node is not YamlMappingNode stages) return null;
        var names = stages.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();
        return names.Contains(segments[1]) ? null
            : $"'{path}' names no stage of the recipe: there is no stage '{TextExcerpt.Of(segments[1])}'{Suggestions.DidYouMean(segments[1], names)} (stages: {string.Join(", ", names)})";
    }
}
