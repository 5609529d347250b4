using System.Globalization;

namespace Repro.Engine.Runs;

/// <summary>Parses seed lists such as <c>1..5</c>, <c>1,3,7</c> and <c>1..3,9</c> (ranges inclusive, order kept, duplicates dropped).</summary>
public static class SeedList
{
    /// <summary>The seeds of <paramref name="text"/>; <paramref name="option"/> names the source in errors.</summary>
    public static IReadOnlyList<long> Parse(string text, string option = "--seeds")
    {
        var seeds = new List<long>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var range = part.Split("..");
            if (range.Length == 2 && Number(range[0]) is { } from && Number(range[1]) is { } to)
            {
                if (to < from) throw new ReproException($"{option}: '{part}' runs backwards; write {to}..{from}");
                if (to - from >= 10_000) throw new ReproException($"{option}: '{part}' is more than 10000 seeds");
                for (var s = from; s <= to; s++) seeds.Add(s);
            }
            else if (range.Length == 1 && Number(part) is { } single) seeds.Add(single);
            else throw new ReproException(option == "--seed"
                ? $"{option}: '{part}' is not a seed: a whole number from 0 to {long.MaxValue}"
                : $"{option}: '{part}' is not a seed (a whole number from 0 to {long.MaxValue}) or a range like 1..5; e.g. {option} 1..3,9");
        }
        return seeds.Distinct().ToList();
    }

    private static long? Number(string s) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
