using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Repro.Contracts;

/// <summary>
/// The form in which two texts count as the same: lower case, runs of white space as one space, trimmed. The host's
/// leakage check and the plugins' deduplication use this one rule, so a text deduplicated by a plugin is never
/// reported as leaked.
/// </summary>
public static class TextKey
{
    /// <summary>The key of one text.</summary>
    public static string Of(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The key of a text or a pair, compared as a whole.</summary>
    public static string Of(string text, string? pair) => pair is null ? Of(text) : Of(text) + "\u241E" + Of(pair);
}

/// <summary>
/// An order fixed by content alone: the first 8 bytes of SHA-256(key), big-endian. Splits, subsamples and
/// <c>train_examples</c> subsets taken in this order are the same on every machine and for every seed.
/// </summary>
public static class StableRank
{
    /// <summary>The rank of a key.</summary>
    public static ulong Of(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>The rank as a number in [0, 1).</summary>
    public static double Unit(string key) => Of(key) / 18446744073709551616.0;
}
