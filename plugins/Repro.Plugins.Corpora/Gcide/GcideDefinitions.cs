using System.Text.RegularExpressions;

namespace Repro.Plugins.Corpora.Gcide;

/// <summary>A definition with its field label (e.g. <c>Zool</c>), numbered within its entry.</summary>
internal sealed record FieldDefinition(string Id, string Field, string Text);

/// <summary>What <see cref="GcideDefinitions.Extract"/> found.</summary>
internal sealed class ExtractionCounts
{
    public int WordNetBlocks;
}

/// <summary>
/// Finds field-labelled definitions in an entry. The entry is cut into blank-line-separated blocks; senses
/// tagged <c>[WordNet 1.5…]</c> (GCIDE's copy of WordNet) are dropped (see <see cref="Blocks"/>), as are <c>Note:</c> and <c>Syn:</c> blocks.
/// A block is a definition when a parenthesised field label such as <c>(Zool.)</c> or <c>(Law)</c> follows
/// nothing but a sense number (<c>2.</c>, <c>(a)</c>), a sub-entry (<c>{Wolf spider}</c>) or the headword line;
/// the text after the label, cleaned of markup and citations, is the definition.
/// </summary>
internal static partial class GcideDefinitions
{
    private static readonly HashSet<string> NotFields =
        new(["Fig", "Colloq", "Obs", "R", "Archaic", "Poetic", "Slang", "Prov", "Local", "Cant", "Vulgar", "Scot", "Eng", "Rare", "Humorous", "Jocose", "Ironical", "Written also", "Also"], StringComparer.Ordinal);

    public static IEnumerable<FieldDefinition> Extract(GcideEntry entry, ExtractionCounts counts)
    {
        var n = 0;
        foreach (var block in Blocks(entry.Text, counts))
        {
            var text = GcideText.Collapse(block);
            if (text.StartsWith("Note:", StringComparison.Ordinal) || text.StartsWith("Syn:", StringComparison.Ordinal)) continue;
            if (Labelled(text) is not { } labelled) continue;
            n++;
            yield return new FieldDefinition($"{entry.Id}/{n}", labelled.Field, labelled.Definition);
        }
    }

    /// <summary>
    /// The blank-line-separated blocks of an entry, without those from WordNet 1.5. A source tag on a line of its
    /// own (<c>[1913 Webster]</c>, <c>[WordNet 1.5 +PJC]</c>) closes the blocks since the previous tag: a sense and
    /// its <c>Syn:</c> block. When that tag names WordNet 1.5 they are all dropped.
    /// </summary>
    internal static IEnumerable<string> Blocks(string entry, ExtractionCounts counts)
    {
        var pending = new List<string>();
        foreach (var block in BlankLine().Split(entry))
        {
            pending.Add(block);
            var last = block.TrimEnd().Split('\n')[^1].Trim();
            if (!(last.StartsWith('[') && last.EndsWith(']'))) continue;
            if (last.Contains("WordNet 1.5", StringComparison.Ordinal)) counts.WordNetBlocks++;
            else foreach (var kept in pending) yield return kept;
            pending.Clear();
        }
        foreach (var kept in pending) yield return kept;
    }

    /// <summary>The field and the cleaned definition of a block, or null.</summary>
    internal static (string Field, string Definition)? Labelled(string block)
    {
        foreach (Match m in Parenthesised().Matches(block))
        {
            if (m.Index > 400) break;
            var label = m.Groups[1].Value.Trim();
            if (!FieldLabel().IsMatch(label)) continue;
            var field = label.TrimEnd('.');
            if (NotFields.Contains(field) || !AllowedPrefix(block[..m.Index].Trim())) continue;
            var definition = GcideText.Definition(block[(m.Index + m.Length)..].Replace(m.Value, " "));
            return definition.Length == 0 ? null : (field, definition);
        }
        return null;
    }

    private static bool AllowedPrefix(string prefix) =>
        prefix.Length == 0 || SenseNumber().IsMatch(prefix) || SubEntry().IsMatch(prefix) || HeadwordLine().IsMatch(prefix);

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\(([^()]{1,40})\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?){0,2}$")]
    private static partial Regex FieldLabel();

    [GeneratedRegex(@"^(?:\d+\.)?\s*(?:\([a-z]\))?$")]
    private static partial Regex SenseNumber();

    [GeneratedRegex(@"^\{[^{}]+\}[.,]?$")]
    private static partial Regex SubEntry();

    /// <summary><c>Word \pro*nun"ci*a`tion\, n. [etymology]</c>: no sentence of definition before the label.</summary>
    [GeneratedRegex(@"^[^\\]{1,80}\\[^\\]*\\,?[^\\]*$")]
    private static partial Regex HeadwordLine();
}
