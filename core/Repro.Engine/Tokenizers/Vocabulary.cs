using System.Security.Cryptography;
using System.Text;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Word-level vocabulary: five specials, then words by descending count (ties in ordinal order),
/// so the same text always gives the same ids.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The special tokens, in id order.</summary>
    public static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
    /// <summary>Padding id.</summary>
    public const int Pad = 0;
    /// <summary>Unknown-word id.</summary>
    public const int Unk = 1;
    /// <summary>Sequence start id.</summary>
    public const int Cls = 2;
    /// <summary>Separator id.</summary>
    public const int Sep = 3;
    /// <summary>Mask id.</summary>
    public const int Mask = 4;

    private readonly Dictionary<string, int> _ids;

    private Vocabulary(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        _ids = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", tokens))));
    }

    /// <summary>All tokens by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of ids.</summary>
    public int Size => Tokens.Count;

    /// <summary>SHA-256 of the token list, recorded in the manifest.</summary>
    public string Hash { get; }

    /// <summary>The id of a word, or [UNK].</summary>
    public int Id(string word) => _ids.GetValueOrDefault(word, Unk);

    /// <summary>Builds the vocabulary of the words seen at least <paramref name="minCount"/> times.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> sentences, int minCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var word in sentence)
                counts[word] = counts.GetValueOrDefault(word) + 1;
        var words = counts.Where(kv => kv.Value >= minCount && !Specials.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        return new Vocabulary([.. Specials, .. words]);
    }
}
