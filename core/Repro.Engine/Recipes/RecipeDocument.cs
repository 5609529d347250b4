using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// A recipe file as a YAML node tree with <c>--set</c> overrides applied, which remembers where every
/// node came from so that problems can be reported as <c>file:line:column</c> or <c>--set path</c>.
/// </summary>
public sealed class RecipeDocument
{
    private readonly Dictionary<YamlNode, string> _overridden = new(ReferenceEqualityComparer.Instance);

    private RecipeDocument(string path, YamlMappingNode root, string origin)
    {
        Path = path;
        Root = root;
        Origin = origin;
    }

    /// <summary>Full path of the recipe file.</summary>
    public string Path { get; }

    /// <summary>The root mapping, overrides applied.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>
    /// The recipe file the experiment was written in: <see cref="Path"/> itself, or for a run's own <c>recipe.yaml</c> (resumed
    /// or reproduced) the recipe its manifest records, so data paths written relative to that recipe still resolve.
    /// </summary>
    public string Origin { get; }

    /// <summary>The folder relative paths in the recipe (data files, checkpoints, plugin paths) resolve against: <see cref="Origin"/>'s.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Origin)!;

    /// <summary>Reads and parses a recipe, then applies <c>path=value</c> overrides in order; <paramref name="origin"/> as for <see cref="Origin"/>.</summary>
    public static RecipeDocument Load(string path, IEnumerable<string> overrides, string? origin = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ReproException(System.IO.Directory.Exists(full)
                ? $"{path} is a folder; give the path of a recipe file (.yaml)"
                : $"recipe not found: {path} (looked at {full})");
        var stream = new YamlStream();
        var text = ReadBounded(full, path);
        try
        {
            if (YamlLimits.Check(text) is var (message, at))
                throw new RecipeException([new Diagnostic($"{full}:{at.Line}:{at.Column}", message)]);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet places a tab in the indentation at the start of the enclosing mapping; name the tab itself
            var (line, column) = Innermost(e).Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(text) is { } tab
                ? tab : ((int)e.Start.Line, (int)e.Start.Column);
            throw new RecipeException([new Diagnostic($"{full}:{line}:{column}", $"YAML syntax: {Innermost(e).Message}")]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RecipeException([new Diagnostic($"{full}:1:1", "a recipe is a YAML mapping (name:, version:, stages: ...)")]);
        if (stream.Documents.Count > 1)
            throw new RecipeException([new Diagnostic($"{full}:{stream.Documents[1].RootNode.Start.Line}:{stream.Documents[1].RootNode.Start.Column}",
                $"a recipe is one YAML document, but the file has {stream.Documents.Count} (separated by ---); put each recipe in its own file")]);
        var document = new RecipeDocument(full, root, origin ?? full);
        var problems = new List<Diagnostic>();
        foreach (var o in overrides) document.ApplyOverride(o, problems);
        if (problems.Count > 0) throw new RecipeException(problems);
        return document;
    }

    /// <summary>Line and column of the first tab in a line's leading whitespace, or null.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    /// <summary>Largest recipe file read: recipes are a few kilobytes; this stops a device or a huge file early.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The file's text, refused past <see cref="MaxBytes"/> and when it cannot be read.</summary>
    private static string ReadBounded(string full, string path)
    {
        // A device or a pipe reports no length; opening a pipe with no writer would wait for ever.
        if (new FileInfo(full).Length == 0) throw new ReproException($"{path} is empty, or not a regular file (a device or a pipe); a recipe is a YAML file");
        try
        {
            using var file = new FileStream(full, FileMode.Open, FileAccess.Read);
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            while (read < buffer.Length && file.Read(buffer, read, buffer.Length - read) is var n and > 0) read += n;
            if (read > MaxBytes) throw new ReproException($"{path} is larger than {MaxBytes / 1024} KiB; a recipe is a small YAML file");
            var bom = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, bom, read - bom);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReproException($"{path} cannot be read: {e.Message}");
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new ReproException($"{path} is not UTF-8 text; a recipe is a YAML file");
        }
    }

    /// <summary>The node at a dotted path such as <c>stages.target.eval.splits</c>, or the nearest mapping above it that exists.</summary>
    public YamlNode Find(string path)
    {
        YamlNode node = Root;
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child)) break;
            node = child;
        }
        return node;
    }

    /// <summary>Where a node came from: <c>file:line:column</c>, or <c>--set path</c> for an override.</summary>
    public string Where(YamlNode node) =>
        _overridden.TryGetValue(node, out var origin) ? origin : $"{Path}:{node.Start.Line}:{node.Start.Column}";

    private void ApplyOverride(string assignment, List<Diagnostic> problems)
    {
        var origin = $"--set {(assignment.Length <= 80 ? assignment : assignment[..77] + "...")}";
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
        {
            problems.Add(new Diagnostic(origin, "expected path=value, e.g. --set stages.target.optimizer.lr=2e-5"));
            return;
        }
        var segments = assignment[..eq].Trim().Split('.');
        if (StagePath.MissingStage(Root, assignment[..eq].Trim()) is { } missing)
        {
            problems.Add(new Diagnostic(origin, missing));
            return;
        }
        YamlNode value;
        try
        {
            var text = assignment[(eq + 1)..];
            if (YamlLimits.Check(text) is var (message, at))
            {
                problems.Add(new Diagnostic(origin, $"the value at {at.Line}:{at.Column}: {message}"));
                return;
            }
            var parsed = new YamlStream();
            parsed.Load(new StringReader(text));
            value = parsed.Documents.Count == 0 ? new YamlScalarNode("") : parsed.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            problems.Add(new Diagnostic(origin, $"the value is not valid YAML: {Innermost(e).Message}"));
            return;
        }
        foreach (var node in value.AllNodes) _overridden[node] = origin;

        YamlNode current = Root;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            switch (current)
            {
                case YamlMappingNode mapping:
                    var key = new YamlScalarNode(segment);
                    if (last) { mapping.Children[key] = value; _overridden[key] = origin; return; }
                    if (!mapping.Children.TryGetValue(key, out var next))
                    {
                        next = new YamlMappingNode();
                        _overridden[next] = origin;
                        _overridden[key] = origin;
                        mapping.Children[key] = next;
                    }
                    current = next;
                    break;
                case YamlSequenceNode sequence when int.TryParse(segment, out var index) && index >= 0 && index < sequence.Children.Count:
                    if (last) { sequence.Children[index] = value; return; }
                    current = sequence.Children[index];
                    break;
                default:
                    problems.Add(new Diagnostic(origin, $"'{string.Join('.', segments[..i])}' is not a mapping, so it has no '{segment}'"));
                    return;
            }
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
