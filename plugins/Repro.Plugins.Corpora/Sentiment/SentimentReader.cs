using System.Globalization;
using System.Text.Json;

namespace Repro.Plugins.Corpora.Sentiment;

/// <summary>One sentence; <paramref name="Id"/> is <c>DOMAIN-NNNN</c>, its 0-based position in the domain's file. <paramref name="Positive"/> is null for the empty item each file ends with.</summary>
internal sealed record SentimentSentence(string Id, string Domain, string Text, bool? Positive);

/// <summary>Reads <c>test/fixtures/DOMAIN.json</c> of the sentiment npm package: <c>[{"text": "...", "class": 0|1}, ...]</c>.</summary>
internal static class SentimentReader
{
    public static readonly IReadOnlyList<string> Domains = ["amazon", "imdb", "yelp"];

    public static IEnumerable<SentimentSentence> Read(string package, string domain)
    {
        var path = Path.Combine(package, "test", "fixtures", domain + ".json");
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing; reinstall the sentiment package");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: expected a JSON array of {{text, class}}");
        var i = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("class", out var label))
                throw new InvalidDataException($"{path}: item {i} is not {{\"text\": string, \"class\": 0 or 1}}");
            var clean = TextSpacing.Clean(text.GetString()!);
            bool? positive = label.ValueKind == JsonValueKind.Number && label.TryGetInt32(out var value) && value is 0 or 1 ? value == 1
                : label.ValueKind == JsonValueKind.Null && clean.Length == 0 ? null
                : throw new InvalidDataException($"{path}: item {i} has class {label.GetRawText()}; expected 0 or 1");
            yield return new SentimentSentence($"{domain}-{i.ToString("D4", CultureInfo.InvariantCulture)}", domain, clean, positive);
            i++;
        }
    }
}
