using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Repro.Engine.Runs;

/// <summary>
/// Writes TensorBoard event files (TFRecord framing, <c>Event</c> protobufs with scalar summaries) into
/// <c>&lt;run-dir&gt;/tensorboard/</c>. Each process opens a new file; TensorBoard merges them. Event files hold
/// wall times, so nothing that compares runs reads this folder.
/// </summary>
public sealed class TensorBoardLog : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Opens a new event file in <paramref name="folder"/> and writes its <c>file_version</c> event.</summary>
    public TensorBoardLog(string folder)
    {
        Directory.CreateDirectory(folder);
        var name = $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}";
        _stream = new FileStream(Path.Combine(folder, name), FileMode.Append, FileAccess.Write, FileShare.Read);
        var version = new List<byte>();
        Double(version, 1, WallTime());
        Bytes(version, 3, Encoding.UTF8.GetBytes("brain.Event:2"));
        Record([.. version]);
        _stream.Flush();
    }

    /// <summary>Writes scalars (tag → value) at <paramref name="step"/> as one event.</summary>
    public void Scalars(long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        var summary = new List<byte>();
        foreach (var (tag, value) in values)
        {
            var v = new List<byte>();
            Bytes(v, 1, Encoding.UTF8.GetBytes(tag));
            v.Add(2 << 3 | 5); // simple_value: float
            var f = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(f, (float)value);
            v.AddRange(f);
            Bytes(summary, 1, [.. v]);
        }
        var e = new List<byte>();
        Double(e, 1, WallTime());
        e.Add(2 << 3); // step: varint
        Varint(e, (ulong)step);
        Bytes(e, 5, [.. summary]);
        Record([.. e]);
    }

    /// <summary>Pushes written events to disk, so a live TensorBoard sees them.</summary>
    public void Flush() => _stream.Flush();

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private void Record(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        _stream.Write(header);
        _stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        _stream.Write(footer);
    }

    /// <summary>TFRecord's masked CRC-32C.</summary>
    internal static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    private static void Double(List<byte> to, int field, double value)
    {
        to.Add((byte)(field << 3 | 1));
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(d, value);
        to.AddRange(d.ToArray());
    }

    private static void Bytes(List<byte> to, int field, byte[] value)
    {
        to.Add((byte)(field << 3 | 2));
        Varint(to, (ulong)value.Length);
        to.AddRange(value);
    }

    private static void Varint(List<byte> to, ulong value)
    {
        for (; value >= 0x80; value >>= 7) to.Add((byte)(value | 0x80));
        to.Add((byte)value);
    }
}
