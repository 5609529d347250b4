using System.Security.Cryptography;
using System.Text;

namespace Repro.Engine.Determinism;

/// <summary>
/// Named seeds derived from one run seed by hashing names (SHA-256 of <c>seed/stage/purpose</c>), never by
/// drawing from a shared generator: adding a stage, a task or a regularizer cannot shift another's numbers.
/// Every seed handed out is recorded for the manifest.
/// </summary>
public sealed class SeedTree(long root)
{
    private readonly SortedDictionary<string, long> _issued = new(StringComparer.Ordinal);

    /// <summary>The run seed.</summary>
    public long Root { get; } = root;

    /// <summary>Every seed derived so far, by path (e.g. <c>stage:target/init</c>).</summary>
    public IReadOnlyDictionary<string, long> Issued
    {
        get { lock (_issued) return new SortedDictionary<string, long>(_issued, StringComparer.Ordinal); }
    }

    /// <summary>
    /// The seed for a purpose within a stage's random streams (non-negative, 63 bits), from <paramref name="pinned"/> instead
    /// of the run seed when given. <paramref name="streams"/> is the stage's <c>Stage.RandomStreams</c>
    /// (<c>task:…</c>, <c>stage:NAME</c> or <c>group:NAME</c>); the path hashed is <c>streams/purpose</c>.
    /// </summary>
    public long For(string streams, SeedPurpose purpose, long? pinned = null) => purpose.InStageStreams
        ? Derive($"{streams}/{purpose.Text}", pinned)
        : throw new ArgumentException($"'{purpose}' is not drawn from a stage's random streams; use For(purpose)", nameof(purpose));

    /// <summary>The seed for a purpose with a path of its own (task data, evaluation masking), from the run seed or a stage's pinned seed.</summary>
    public long For(SeedPurpose purpose, long? pinned = null) => purpose.InStageStreams
        ? throw new ArgumentException($"'{purpose}' is drawn from a stage's random streams; use For(streams, purpose)", nameof(purpose))
        : Derive(purpose.Text, pinned);

    /// <summary>The seed for a path, from the run seed or from a stage's pinned seed.</summary>
    private long Derive(string path, long? pinned)
    {
        var root = pinned ?? Root;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{root}/{path}"));
        var seed = (long)(BitConverter.ToUInt64(bytes, 0) >> 1);
        lock (_issued) _issued[pinned is null ? path : $"{path} (pinned seed {root})"] = seed;
        return seed;
    }
}
