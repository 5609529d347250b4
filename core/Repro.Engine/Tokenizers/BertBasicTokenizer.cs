using System.Text;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// BERT's basic tokenization, as Hugging Face's BertTokenizerFast does it: the specials ([PAD] [UNK] [CLS] [SEP]
/// [MASK], exactly as written) are cut out of the raw text first and never split; the rest is normalized (clean
/// text: U+0000, U+FFFD and <see cref="BertCharacters.IsControl">control characters</see> deleted, whitespace
/// made a space; spaces around CJK ideographs; accents stripped; lower-cased) and split on whitespace, each
/// punctuation character becoming a word of its own.
/// </summary>
/// <param name="Lowercase">Lower-case the text (<c>do_lower_case</c>).</param>
/// <param name="StripAccents">Drop accents (<c>strip_accents</c>); null: when lower-casing.</param>
/// <param name="ChineseChars">Space CJK ideographs apart (<c>tokenize_chinese_chars</c>).</param>
internal sealed record BertBasicTokenizer(bool Lowercase, bool? StripAccents = null, bool ChineseChars = true)
{
    /// <summary>The words of <paramref name="text"/>, in order; specials come out whole.</summary>
    public IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '[' || Array.Find(Vocabulary.Specials, s => text.AsSpan(i).StartsWith(s, StringComparison.Ordinal)) is not { } special)
                continue;
            foreach (var word in Split(Normalize(text[start..i]))) yield return word;
            yield return special;
            start = i + special.Length;
            i = start - 1;
        }
        foreach (var word in Split(Normalize(text[start..]))) yield return word;
    }

    /// <summary>BertNormalizer: clean text, CJK spacing, accent stripping, lower-casing, one code point at a time.</summary>
    public string Normalize(string text)
    {
        var strip = StripAccents ?? Lowercase;
        var normalized = new StringBuilder(text.Length);
        var stripped = new StringBuilder();
        foreach (var r in text.EnumerateRunes())
        {
            if (r.Value is 0 or 0xFFFD || BertCharacters.IsControl(r)) continue;
            if (BertCharacters.IsWhitespace(r)) { normalized.Append(' '); continue; }
            var chinese = ChineseChars && BertCharacters.IsChinese(r);
            if (chinese) normalized.Append(' ');
            stripped.Clear();
            if (strip) BertAccents.AppendStripped(r, stripped);
            else stripped.Append(r.ToString());
            foreach (var s in stripped.ToString().EnumerateRunes())
                if (!Lowercase) normalized.Append(s.ToString());
                // Rust's char::to_lowercase: the simple lower-case mapping, except İ → i + combining dot above.
                else if (s.Value == 0x130) normalized.Append("i\u0307");
                else normalized.Append(Rune.ToLowerInvariant(s).ToString());
            if (chinese) normalized.Append(' ');
        }
        return normalized.ToString();
    }

    /// <summary>BertPreTokenizer: split on whitespace, each punctuation character a word of its own.</summary>
    public static IEnumerable<string> Split(string text)
    {
        var word = new StringBuilder();
        foreach (var r in text.EnumerateRunes())
        {
            var space = BertCharacters.IsWhitespace(r);
            if (space || BertCharacters.IsPunctuation(r))
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
                if (!space) yield return r.ToString();
            }
            else word.Append(r.ToString());
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
