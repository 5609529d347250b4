using System.Security.Cryptography;
using Repro.Engine.Data;

namespace Repro.Engine.Caching;

/// <summary>
/// The binary file of one encoded split: <c>REPROTOK</c>, format version, example count, then per example
/// label, value, length, ids (int32) and segments (byte); last the SHA-256 of all that. A file whose
/// hash, structure or count is off is reported as damaged, never half-read.
/// </summary>
internal static class EncodedSplitFile
{
    private static readonly byte[] Magic = "REPROTOK"u8.ToArray();
    private const int Version = 1;

    /// <summary>Writes the examples to <paramref name="path"/> (a temp path: the caller renames it into place).</summary>
    public static void Write(string path, IReadOnlyList<EncodedExample> examples)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(examples.Count);
            foreach (var e in examples)
            {
                writer.Write(e.Label);
                writer.Write(e.Value);
                writer.Write(e.Ids.Length);
                foreach (var id in e.Ids) writer.Write(checked((int)id));
                foreach (var segment in e.Segments) writer.Write(checked((byte)segment));
            }
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        using var file = File.Create(path);
        file.Write(body.GetBuffer(), 0, (int)body.Length);
        file.Write(hash);
    }

    /// <summary>Reads a file written by <see cref="Write"/>; null with the reason when it is damaged or has another count.</summary>
    public static IReadOnlyList<EncodedExample>? TryRead(string path, int expectedCount, out string? damage)
    {
        var bytes = File.ReadAllBytes(path);
        const int hashLength = 32;
        if (bytes.Length < Magic.Length + 8 + hashLength) return Damaged("truncated", out damage);
        var body = bytes.AsSpan(0, bytes.Length - hashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashLength))) return Damaged("SHA-256 mismatch", out damage);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length));
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version) return Damaged("not a token file of this version", out damage);
            var count = reader.ReadInt32();
            if (count != expectedCount) return Damaged($"{count} examples, the split has {expectedCount}", out damage);
            var examples = new List<EncodedExample>(count);
            for (var i = 0; i < count; i++)
            {
                var label = reader.ReadInt32();
                var value = reader.ReadDouble();
                var length = reader.ReadInt32();
                var ids = new long[length];
                for (var k = 0; k < length; k++) ids[k] = reader.ReadInt32();
                var segments = new long[length];
                for (var k = 0; k < length; k++) segments[k] = reader.ReadByte();
                examples.Add(new EncodedExample(ids, segments, label, value));
            }
            if (reader.BaseStream.Position != body.Length) return Damaged("trailing bytes", out damage);
            damage = null;
            return examples;
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or OutOfMemoryException or ArgumentException)
        {
            return Damaged($"unreadable ({e.GetType().Name})", out damage);
        }
    }

    private static IReadOnlyList<EncodedExample>? Damaged(string why, out string? damage)
    {
        damage = why;
        return null;
    }
}
