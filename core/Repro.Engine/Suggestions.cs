namespace Repro.Engine;

/// <summary>"Did you mean …" for unknown names.</summary>
public static class Suggestions
{
    /// <summary>" did you mean 'x'?" for the closest known name within a small edit distance, else "".</summary>
    public static string DidYouMean(string unknown, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(unknown.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, unknown.Length / 3)
            ? $"; did you mean '{best.Name}'?"
            : "";
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
