using System.Globalization;
using System.Text;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// The character classes of Hugging Face's BERT tokenizer (<c>tokenizers</c>' BertNormalizer and
/// BertPreTokenizer, which BertTokenizerFast uses), one code point at a time.
/// </summary>
internal static class BertCharacters
{
    /// <summary>Deleted by clean-text: any category C* (control, format, unassigned, private use, surrogate) except \t \n \r.</summary>
    public static bool IsControl(Rune r) => r.Value is not ('\t' or '\n' or '\r') &&
        Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    /// <summary>A word boundary: \t \n \r and Unicode White_Space (categories Zs, Zl, Zp, and U+0009–U+000D, U+0085).</summary>
    public static bool IsWhitespace(Rune r) => Rune.IsWhiteSpace(r);

    /// <summary>A token of its own: ASCII punctuation (33–47, 58–64, 91–96, 123–126, so also <c>$ + ^ | ~ = &lt; &gt; `</c>) or Unicode category P*.</summary>
    public static bool IsPunctuation(Rune r) =>
        r.Value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126 ||
        Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>A CJK ideograph (the CJK Unified Ideographs blocks and extensions A–E, and the compatibility ideographs), spaced apart.</summary>
    public static bool IsChinese(Rune r) => r.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
        or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
