using System.Globalization;
using System.Text;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// BERT's accent stripping: the canonical decomposition (NFD) of a code point with its non-spacing marks (Mn) dropped.
/// <see cref="string.Normalize()"/> cannot do it: under InvariantGlobalization (the tool's setting) it returns the
/// text unchanged. So the decompositions are a table (every code point whose NFD differs from itself, Hangul
/// syllables aside, which decompose by formula into their jamo); a test checks it against ICU's NFD.
/// Canonical reordering is not applied: it only reorders combining marks, and every reorderable mark that is
/// not Mn is rare enough (a few musical symbols) to leave as is.
/// </summary>
internal static partial class BertAccents
{
    private static readonly Lazy<Dictionary<int, string>> Decompositions = new(Parse);

    /// <summary>Appends <paramref name="r"/> with its accents stripped (nothing for a lone mark).</summary>
    public static void AppendStripped(Rune r, StringBuilder into)
    {
        if (r.Value is >= 0xAC00 and <= 0xD7A3)
        {
            // Hangul syllable → leading consonant, vowel and (maybe) trailing consonant jamo (Unicode ch. 3.12).
            var s = r.Value - 0xAC00;
            into.Append((char)(0x1100 + s / (21 * 28))).Append((char)(0x1161 + s % (21 * 28) / 28));
            if (s % 28 != 0) into.Append((char)(0x11A7 + s % 28));
        }
        else if (Decompositions.Value.TryGetValue(r.Value, out var stripped)) into.Append(stripped);
        else if (!BertCharacters.IsNonSpacingMark(r)) into.Append(r.ToString());
    }

    /// <summary>Code point → its NFD without Mn, as in <see cref="Table"/>.</summary>
    internal static IReadOnlyDictionary<int, string> All => Decompositions.Value;

    private static Dictionary<int, string> Parse()
    {
        var map = new Dictionary<int, string>();
        foreach (var entry in Table.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (from, to) = (entry[..entry.IndexOf('=')], entry[(entry.IndexOf('=') + 1)..]);
            var text = new StringBuilder();
            foreach (var hex in to.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                text.Append(char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            map[int.Parse(from, NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = text.ToString();
        }
        return map;
    }
}
