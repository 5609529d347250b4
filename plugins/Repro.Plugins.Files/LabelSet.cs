using System.Globalization;

namespace Repro.Plugins.Files;

/// <summary>The class labels of a classification task, in index order.</summary>
internal static class LabelSet
{
    /// <summary>
    /// <paramref name="given"/> when not empty; else the distinct labels of <paramref name="train"/>,
    /// sorted as integers when all are integers (<c>0, 1, 2, 10</c>), else ordinally.
    /// </summary>
    public static string[] Choose(string[] given, IEnumerable<string> train)
    {
        string[] labels;
        if (given.Length > 0)
        {
            labels = [.. given.Select(l => l.Trim())];
            var duplicate = labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new ArgumentException($"labels: '{duplicate.Key}' is listed twice", "labels");
            if (labels.Any(l => l.Length == 0)) throw new ArgumentException("labels: a label is empty", "labels");
        }
        else
        {
            var distinct = train.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();
            labels = distinct.All(l => long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                ? [.. distinct.OrderBy(l => long.Parse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))]
                : [.. distinct.Order(StringComparer.Ordinal)];
        }
        if (labels.Length < 2)
            throw new ArgumentException($"labels: classification needs at least two labels, found {labels.Length} ({string.Join(", ", labels)})", "labels");
        return labels;
    }
}
