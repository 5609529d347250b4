using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Repro.Engine.Recipes;

/// <summary>
/// Bounds a YAML text before it becomes a node tree, with one pass over the parser's events (no recursion): nesting
/// deeper than <see cref="MaxDepth"/>, and aliases that would expand the document past <see cref="MaxNodes"/> nodes
/// (a "billion laughs" alias bomb) or that refer to their own anchor, are refused with the position where it happens.
/// The same check guards recipe files and <c>--set</c> values.
/// </summary>
public static class YamlLimits
{
    /// <summary>Deepest nesting of mappings and sequences a recipe may have; the shipped ones stay under 8.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a recipe may expand to with its aliases resolved; the shipped ones have a few hundred.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Null when <paramref name="text"/> is within the limits, else the problem and its (line, column).</summary>
    public static (string Message, Mark At)? Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Count)>();
        long total = 0;
        while (Next(parser))
        {
            switch (parser.Current)
            {
                case NodeEvent { } node when node is MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth) return ($"nesting deeper than {MaxDepth} levels; a recipe is a few levels deep", node.Start);
                    open.Push((node.Anchor.IsEmpty ? null : node.Anchor.Value, 1));
                    break;
                case MappingEnd or SequenceEnd when open.Count > 0:
                    var (anchor, count) = open.Pop();
                    if (anchor is not null) sizes[anchor] = count;
                    if (Add(open, count, ref total) is { } tooLarge) return (tooLarge, parser.Current.Start);
                    break;
                case Scalar scalar:
                    if (!scalar.Anchor.IsEmpty) sizes[scalar.Anchor.Value] = 1;
                    if (Add(open, 1, ref total) is { } tooMany) return (tooMany, scalar.Start);
                    break;
                case AnchorAlias alias:
                    if (!sizes.TryGetValue(alias.Value.Value, out var size))
                        return (open.Any(o => o.Anchor == alias.Value.Value)
                            ? $"the alias *{alias.Value} refers to the node that contains it"
                            : $"the alias *{alias.Value} has no anchor &{alias.Value} before it", alias.Start);
                    if (Add(open, size, ref total) is { } bomb) return (bomb, alias.Start);
                    break;
            }
        }
        return null;
    }

    /// <summary>
    /// The parser's next event. YamlDotNet's scanner throws <see cref="InvalidOperationException"/> on some malformed flow
    /// collections (a <c>{</c> or <c>[</c> never closed); that becomes a syntax error at the last event it read.
    /// </summary>
    private static bool Next(Parser parser)
    {
        var last = parser.Current?.Start ?? Mark.Empty;
        try
        {
            return parser.MoveNext();
        }
        catch (Exception e) when (e is not YamlException)
        {
            throw new SyntaxErrorException(last, last, "the text after this point does not parse; is a '{', '[' or quote left open?");
        }
    }

    private static string? Add(Stack<(string? Anchor, long Count)> open, long count, ref long total)
    {
        if (open.Count == 0) total += count;
        else
        {
            var (anchor, inner) = open.Pop();
            open.Push((anchor, inner + count));
        }
        var expanded = total + open.Sum(o => o.Count);
        return expanded > MaxNodes ? $"the aliases expand the document to more than {MaxNodes:N0} nodes" : null;
    }
}
