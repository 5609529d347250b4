using Repro.Contracts;

namespace Repro.Bench.Tasks;

/// <summary>
/// Seeded sentences of exactly <c>length</c> words drawn uniformly from <c>w0 … w{vocabulary-1}</c>: every
/// batch has the same shape, so a step costs the same from the first to the last.
/// </summary>
public static class BenchText
{
    /// <summary>The sentences of one split and, for each, how many of its words have an even index.</summary>
    public static IReadOnlyList<(string Text, int EvenWords)> Sentences(long seed, string split, int count, int length, int vocabulary)
    {
        var rng = new Rng(seed ^ StableHash(split));
        var result = new List<(string, int)>(count);
        var words = new string[length];
        for (var i = 0; i < count; i++)
        {
            var even = 0;
            for (var j = 0; j < length; j++)
            {
                var w = rng.Next(vocabulary);
                if (w % 2 == 0) even++;
                words[j] = "w" + w;
            }
            result.Add((string.Join(' ', words), even));
        }
        return result;
    }

    private static long StableHash(string s)
    {
        var h = 1469598103934665603UL;
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 1);
    }
}
