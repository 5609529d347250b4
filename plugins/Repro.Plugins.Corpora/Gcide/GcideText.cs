using System.Text.RegularExpressions;

namespace Repro.Plugins.Corpora.Gcide;

/// <summary>GCIDE markup to plain text.</summary>
internal static partial class GcideText
{
    /// <summary>White space (line breaks included) to single spaces.</summary>
    public static string Collapse(string block) => TextSpacing.Clean(block);

    /// <summary>
    /// A definition: leading punctuation dropped; cut before a citation (<c>--Spenser.</c>) or <c>Syn:</c>;
    /// source tags (<c>[1913 Webster]</c>) and usage tags (<c>[Obs.]</c>) removed; character codes such as
    /// <c>[oe]</c>, <c>[=u]</c> reduced to their letters; braces of cross-references removed.
    /// </summary>
    public static string Definition(string text)
    {
        var cut = Citation().Match(text);
        if (cut.Success) text = text[..cut.Index];
        var syn = text.IndexOf("Syn:", StringComparison.Ordinal);
        if (syn >= 0) text = text[..syn];
        text = Bracketed().Replace(text, m => CharacterCode().IsMatch(m.Groups[1].Value) ? Letters(m.Groups[1].Value) : " ");
        text = text.Replace("{", "").Replace("}", "");
        return TextSpacing.Clean(text).TrimStart(',', '.', ':', ';', ' ').Trim();
    }

    private static string Letters(string code) => new([.. code.Where(char.IsLetter)]);

    [GeneratedRegex(@"\s--\s?[A-Z]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\[([^\[\]]*)\]")]
    private static partial Regex Bracketed();

    /// <summary>A GCIDE character code: up to 4 characters, no period or space, not starting with a capital.</summary>
    [GeneratedRegex(@"^[^A-Z .][^ .]{0,3}$")]
    private static partial Regex CharacterCode();
}
