using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A run's TensorBoard event files hold the losses of steps.jsonl and the metrics of metrics.json.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TensorBoardTests
{
    [Fact]
    public void EventFilesAgreeWithStepsAndMetrics()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--seed", "1", "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Path.GetDirectoryName(Directory.GetFiles(Path.Combine(temp.Path, "runs"), "metrics.json", SearchOption.AllDirectories).Single())!;
        var file = Assert.Single(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*"));
        var events = EventFileReader.Read(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var scalars = events.Skip(1).SelectMany(e => e.Values.Select(v => (e.Step, v.Tag, v.Value))).ToList();

        var losses = 0;
        foreach (var line in File.ReadLines(Path.Combine(run, "steps.jsonl")).Select(l => JsonDocument.Parse(l).RootElement))
        {
            if (line.GetProperty("kind").GetString() != "train") continue;
            var tag = $"{line.GetProperty("stage").GetString()}/train/loss";
            Assert.Contains((line.GetProperty("step").GetInt64(), tag, (float)line.GetProperty("loss").GetDouble()), scalars);
            losses++;
        }
        Assert.True(losses > 0);
        Assert.Equal(losses, scalars.Count(s => s.Tag.EndsWith("/train/loss", StringComparison.Ordinal)));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var checkedMetrics = 0;
        foreach (var stage in metrics.RootElement.GetProperty("stages").EnumerateObject())
            foreach (var split in stage.Value.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
                foreach (var metric in split.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Number))
                {
                    var tag = $"{stage.Name}/{split.Name}/{metric.Name}";
                    Assert.Equal((float)metric.Value.GetDouble(), scalars.Last(s => s.Tag == tag).Value);
                    checkedMetrics++;
                }
        Assert.True(checkedMetrics > 0);
    }
}

/// <summary>An independent reader of TensorBoard event files: TFRecord framing with both CRCs checked, Event and Summary decoded by hand.</summary>
internal static class EventFileReader
{
    internal sealed record Event(long Step, string? FileVersion, List<(string Tag, float Value)> Values);

    public static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)), MaskedCrc32C(bytes.AsSpan(at, 8)));
            var data = bytes.AsSpan(at + 12, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)), MaskedCrc32C(data));
            events.Add(DecodeEvent(data.ToArray()));
            at += 12 + length + 4;
        }
        return events;
    }

    private static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        // Bitwise CRC-32C (reflected polynomial 0x82F63B78), independent of the writer's table-free intrinsic.
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        crc = ~crc;
        return BitOperations.RotateRight(crc, 15) + 0xA282EAD8u;
    }

    private static Event DecodeEvent(byte[] data)
    {
        long step = 0;
        string? version = null;
        var values = new List<(string, float)>();
        foreach (var (field, wire, value, payload) in Fields(data))
        {
            if (field == 2 && wire == 0) step = (long)value;
            else if (field == 3 && wire == 2) version = Encoding.UTF8.GetString(payload);
            else if (field == 5 && wire == 2)
                foreach (var (f, w, _, v) in Fields(payload))
                    if (f == 1 && w == 2) values.Add(DecodeValue(v));
        }
        return new Event(step, version, values);
    }

    private static (string, float) DecodeValue(byte[] data)
    {
        string tag = "";
        var simple = float.NaN;
        foreach (var (field, wire, value, payload) in Fields(data))
        {
            if (field == 1 && wire == 2) tag = Encoding.UTF8.GetString(payload);
            else if (field == 2 && wire == 5) simple = BitConverter.UInt32BitsToSingle((uint)value);
        }
        return (tag, simple);
    }

    private static IEnumerable<(int Field, int Wire, ulong Value, byte[] Payload)> Fields(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(data, ref at), []); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8)), []); at += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4)), []); at += 4; break;
                case 2:
                    var length = (int)Varint(data, ref at);
                    yield return (field, wire, 0, data[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
