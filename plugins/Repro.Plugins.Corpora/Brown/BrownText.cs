using System.Text;

namespace Repro.Plugins.Corpora.Brown;

/// <summary>
/// One tagged Brown line (<c>The/at jury/nn said/vbd ``/`` no/at ''/''</c>) as plain text: tags removed (after the
/// last '/'), <c>``</c> and <c>''</c> made straight double quotes, and the corpus's spaces before
/// <c>. , ; : ? ! )</c> and closing quotes and after <c>(</c> and opening quotes removed.
/// </summary>
internal static class BrownText
{
    private static readonly HashSet<string> AttachLeft = [".", ",", ";", ":", "?", "!", ")", "''"];
    private static readonly HashSet<string> AttachRight = ["(", "``"];

    public static string Detag(string line)
    {
        var text = new StringBuilder();
        var glueNext = true;
        foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = token.LastIndexOf('/');
            var word = slash > 0 ? token[..slash] : token;
            if (!glueNext && !AttachLeft.Contains(word)) text.Append(' ');
            text.Append(word is "``" or "''" ? "\"" : word);
            glueNext = AttachRight.Contains(word);
        }
        return text.ToString();
    }

    /// <summary>Words in the plain text (white-space separated pieces).</summary>
    public static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
