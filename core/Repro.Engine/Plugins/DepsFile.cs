using System.Text.Json;

namespace Repro.Engine.Plugins;

/// <summary>
/// Checks a plugin's <c>X.deps.json</c> before the loader reads it: the .NET host's dependency resolver aborts the
/// whole process (no exception) on a file without a <c>runtimeTarget</c> name, e.g. <c>{}</c>.
/// </summary>
internal static class DepsFile
{
    /// <summary>Throws a <see cref="ReproException"/> naming the file and what is wrong, when the plugin's deps.json exists and is malformed.</summary>
    public static void Check(string assemblyPath)
    {
        var path = Path.ChangeExtension(assemblyPath, ".deps.json");
        if (!File.Exists(path)) return;
        if (Problem(path) is { } problem)
            throw new ReproException($"{path}: {problem}; this is not the deps.json the SDK writes: rebuild or reinstall the plugin");
    }

    private static string? Problem(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { return $"not valid JSON ({e.Message})"; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return $"the top level is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            if (!root.TryGetProperty("runtimeTarget", out var target)) return "it has no \"runtimeTarget\"";
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                return "\"runtimeTarget\" has no string \"name\"";
            if (!root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object) return "it has no \"targets\" object";
            return null;
        }
    }
}
