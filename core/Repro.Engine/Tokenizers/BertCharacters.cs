using System.Globalization;
using System.Text;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// The character classes of Hugging Face's BERT tokenizer (<c>tokenizers</c>' BertNormalizer and
/// BertPreTokenizer, which BertTokenizerFast uses), one code point at a time: .NET's Unicode categories, except
/// where Hugging Face's older Unicode tables say otherwise (<see cref="Differences"/>).
/// </summary>
internal static partial class BertCharacters
{
    private static readonly Lazy<(int[] Starts, int[] Ends, char[] Classes)> Overrides = new(ParseDifferences);

    /// <summary>
    /// Deleted by clean-text: categories Cc, Cf, Co and Cs (control, format, private use, surrogate) except \t \n \r.
    /// Unassigned code points (Cn) stay, as in Hugging Face's tokenizers.
    /// </summary>
    public static bool IsControl(Rune r) => Class(r) == 'C';

    /// <summary>A word boundary: \t \n \r and Unicode White_Space (categories Zs, Zl, Zp, and U+0009–U+000D, U+0085).</summary>
    public static bool IsWhitespace(Rune r) => Rune.IsWhiteSpace(r);

    /// <summary>A token of its own: ASCII punctuation (33–47, 58–64, 91–96, 123–126, so also <c>$ + ^ | ~ = &lt; &gt; `</c>) or Unicode category P*.</summary>
    public static bool IsPunctuation(Rune r) => Class(r) == 'P';

    /// <summary>Dropped when stripping accents: category Mn.</summary>
    public static bool IsNonSpacingMark(Rune r) => Class(r) == 'M';

    /// <summary>
    /// A CJK ideograph (the CJK Unified Ideographs blocks and extensions A–E, and the compatibility ideographs), spaced
    /// apart. Extension E starts at U+2B920 here, as in Hugging Face's Rust tokenizers (BertTokenizerFast); its
    /// Python BertTokenizer starts it at U+2B820.
    /// </summary>
    public static bool IsChinese(Rune r) => r.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF
        or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>C control, P punctuation, M non-spacing mark, O anything else (whitespace included).</summary>
    private static char Class(Rune r)
    {
        var (starts, ends, classes) = Overrides.Value;
        var i = Array.BinarySearch(starts, r.Value);
        if (i < 0) i = ~i - 1;
        if (i >= 0 && r.Value <= ends[i]) return classes[i];
        if (r.Value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return 'P';
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control when r.Value is not ('\t' or '\n' or '\r') => 'C',
            UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate => 'C',
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => 'P',
            UnicodeCategory.NonSpacingMark => 'M',
            _ => 'O',
        };
    }

    private static (int[], int[], char[]) ParseDifferences()
    {
        var entries = Differences.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (starts, ends, classes) = (new int[entries.Length], new int[entries.Length], new char[entries.Length]);
        for (var i = 0; i < entries.Length; i++)
        {
            var range = entries[i][..^2].Split('-');
            starts[i] = int.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ends[i] = int.Parse(range[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            classes[i] = entries[i][^1];
        }
        return (starts, ends, classes);
    }
}
