namespace Repro.Plugins.Synthetic;

/// <summary>Platform-independent hashing (FNV-1a with a SplitMix finaliser) for stream seeds and text partitioning.</summary>
internal static class StableHash
{
    /// <summary>64-bit hash of the string's UTF-16 code units; the same on every runtime.</summary>
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return Mix(h);
    }

    /// <summary>A seed for the named stream of a language seed, so streams never share draws.</summary>
    public static long Combine(long seed, string stream) => (long)Mix((ulong)seed ^ Of(stream));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
