using System.Security.Cryptography;
using System.Text;
using Repro.Engine.Data;
using Repro.Engine.Runs;

namespace Repro.Engine.Caching;

/// <summary>How a split's encoding was obtained.</summary>
public enum TokenCacheOutcome
{
    /// <summary>Read from a verified cache file.</summary>
    Hit,
    /// <summary>Encoded and stored (no file yet).</summary>
    Stored,
    /// <summary>The file was damaged: encoded again and the file replaced.</summary>
    Repaired,
}

/// <summary>
/// Encoded splits on disk, <c>&lt;cache&gt;/tokens/&lt;key&gt;.bin</c>, keyed by the tokenizer hash, the task's
/// data fingerprint, the split and the maximum length; written atomically and verified on every read.
/// </summary>
public sealed class TokenCache(string root)
{
    /// <summary>The folder of token files.</summary>
    public string Folder { get; } = Path.Combine(root, "tokens");

    /// <summary>The key of one encoded split.</summary>
    public static string Key(string tokenizerHash, string taskFingerprint, string split, int maxLength) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"tokens/1\n{tokenizerHash}\n{taskFingerprint}\n{split}\n{maxLength}")));

    /// <summary>The file of a key.</summary>
    public string PathOf(string key) => Path.Combine(Folder, key + ".bin");

    /// <summary>
    /// The split's encoding from the cache, or from <paramref name="encode"/> (then stored); a damaged
    /// file is reported through <paramref name="damaged"/>, encoded again and replaced.
    /// </summary>
    public IReadOnlyList<EncodedExample> Load(string key, int count, Func<IReadOnlyList<EncodedExample>> encode,
        out TokenCacheOutcome outcome, Action<string>? damaged = null)
    {
        var path = PathOf(key);
        outcome = TokenCacheOutcome.Stored;
        if (File.Exists(path))
        {
            try
            {
                if (EncodedSplitFile.TryRead(path, count, out var damage) is { } cached)
                {
                    outcome = TokenCacheOutcome.Hit;
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow); // last use, for Collect
                    return cached;
                }
                damaged?.Invoke($"token cache file {path} is damaged ({damage}); encoding again");
                outcome = TokenCacheOutcome.Repaired;
            }
            catch (IOException) { } // removed or replaced by another process meanwhile: encode.
        }
        var examples = encode();
        AtomicFile.Write(path, temp => EncodedSplitFile.Write(temp, examples));
        return examples;
    }

    /// <summary>Removes token files last used before <paramref name="cutoffUtc"/> (and abandoned temp files); returns how many and their bytes.</summary>
    public (int Files, long Bytes) Collect(DateTime cutoffUtc)
    {
        var (count, bytes) = (0, 0L);
        if (!Directory.Exists(Folder)) return (count, bytes);
        foreach (var file in Directory.GetFiles(Folder).Select(f => new FileInfo(f)))
        {
            var stale = file.Extension == ".bin" ? file.LastWriteTimeUtc < cutoffUtc : file.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1);
            if (!stale) continue;
            var length = file.Length;
            try { file.Delete(); }
            catch (IOException) { continue; }
            count++;
            bytes += length;
        }
        return (count, bytes);
    }
}
