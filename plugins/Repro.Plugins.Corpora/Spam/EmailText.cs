using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Repro.Plugins.Corpora.Spam;

/// <summary>
/// A raw RFC 822 message as text a model can read: the Subject (mailing-list tags such as <c>[SAdev]</c> removed), then the body with every header removed.
/// Multipart messages give their first text/plain part (else their first text/html part, tags removed);
/// quoted-printable and base64 text is decoded; attachments, quoted reply lines (<c>&gt; …</c>) and MIME
/// boundaries are left out; white space is collapsed.
/// </summary>
internal static partial class EmailText
{
    public static string Of(string message)
    {
        var (headers, body) = Split(message);
        var subject = TextSpacing.Clean(ListTag().Replace(headers.GetValueOrDefault("subject", ""), " "));
        var text = TextSpacing.Clean(WebUtility.HtmlDecode(Body(headers, body, depth: 0) ?? ""));
        return subject.Length == 0 ? text : text.Length == 0 ? subject : $"{subject}. {text}";
    }

    /// <summary>The first <paramref name="maxWords"/> words.</summary>
    public static string Truncate(string text, int maxWords)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= maxWords ? text : string.Join(' ', words.Take(maxWords));
    }

    /// <summary>Headers (lower-case names, folded lines joined; the first of a repeated name wins) and the body.</summary>
    internal static (Dictionary<string, string> Headers, string Body) Split(string message)
    {
        message = message.Replace("\r\n", "\n");
        var end = message.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? message : message[..end];
        var body = end < 0 ? "" : message[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                if (last is not null) headers[last] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) { last = null; continue; }
            var name = line[..colon].Trim().ToLowerInvariant();
            if (headers.ContainsKey(name)) { last = null; continue; }
            headers[name] = line[(colon + 1)..].Trim();
            last = name;
        }
        return (headers, body);
    }

    private static string? Body(Dictionary<string, string> headers, string body, int depth)
    {
        var type = headers.GetValueOrDefault("content-type", "text/plain").ToLowerInvariant();
        if (type.StartsWith("multipart/", StringComparison.Ordinal) && depth < 5 && Boundary().Match(headers["content-type"]) is { Success: true } b)
        {
            var delimiter = "--" + b.Groups[1].Value;
            var parts = body.Split(delimiter).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).Select(p => Split(p.TrimStart('\n'))).ToList();
            var texts = parts.Select(p => (Type: p.Headers.GetValueOrDefault("content-type", "text/plain").ToLowerInvariant(), Text: Body(p.Headers, p.Body, depth + 1)))
                .Where(p => p.Text is { Length: > 0 }).ToList();
            return texts.FirstOrDefault(p => !p.Type.Contains("html", StringComparison.Ordinal)).Text ?? texts.FirstOrDefault().Text;
        }
        if (!type.StartsWith("text/", StringComparison.Ordinal)) return null;
        var decoded = headers.GetValueOrDefault("content-transfer-encoding", "").Trim().ToLowerInvariant() switch
        {
            "quoted-printable" => QuotedPrintable(body),
            "base64" => Base64(body),
            _ => body,
        };
        if (type.Contains("html", StringComparison.Ordinal)) decoded = Tag().Replace(HiddenHtml().Replace(decoded, " "), " ");
        return string.Join('\n', decoded.Split('\n').Where(l => !l.TrimStart().StartsWith('>')));
    }

    private static string QuotedPrintable(string text)
    {
        text = text.Replace("=\n", "");
        return HexCode().Replace(text, m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
    }

    private static string Base64(string text)
    {
        try { return Encoding.Latin1.GetString(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))))); }
        catch (FormatException) { return ""; }
    }

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\[[^\[\]]{1,40}\]")]
    private static partial Regex ListTag();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("<(style|script|head)[^>]*>.*?</\\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HiddenHtml();

    [GeneratedRegex("=([0-9A-Fa-f]{2})")]
    private static partial Regex HexCode();
}
