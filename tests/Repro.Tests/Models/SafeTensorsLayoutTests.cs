using System.Text;
using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// A safetensors header is checked as the reference library checks it: the tensors, sorted by offset, tile the data with no
/// overlap and no gap, and the last one ends where the file ends. A file that breaks it is refused naming the file and the
/// tensors, in the reader and through the CLI (a checkpoint whose two tensors share bytes is not trained on).
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SafeTensorsLayoutTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    /// <summary>Writes a safetensors file by hand: the 8-byte header length, <paramref name="header"/> as given, then <paramref name="data"/>.</summary>
    private static void WriteRaw(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(data);
    }

    public static TheoryData<string, int, string[]> Broken => new()
    {
        // Two tensors over the same bytes.
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8,
            ["tensor 'b' (data_offsets [0, 8]) overlaps tensor 'a' (data_offsets [0, 8])"] },
        // A tensor that begins inside the one before it.
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12,
            ["tensor 'b' (data_offsets [4, 12]) overlaps tensor 'a'"] },
        // Bytes between two tensors that belong to neither.
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}""", 20,
            ["data bytes 8 to 12 belong to no tensor", "between 'a' and 'b'"] },
        // Bytes before the first tensor.
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, ["data bytes 0 to 4 belong to no tensor", "before 'a'"] },
        // Bytes after the last tensor.
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, ["the tensors cover 8 of the 12 data bytes", "after 'a'"] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void AHeaderWhoseTensorsDoNotTileTheDataIsRefusedNamingTheFileAndTensors(string header, int dataBytes, string[] named)
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "model.safetensors");
        WriteRaw(path, header, new byte[dataBytes]);

        var error = Assert.Throws<PluginInputException>(() => SafeTensors.ReadHeader(path));

        Assert.StartsWith($"{path}: corrupt safetensors header", error.Message);
        foreach (var text in named) Assert.Contains(text, error.Message);
        Assert.Throws<PluginInputException>(() => SafeTensors.Read(path));
    }

    [Fact]
    public void TensorsStoredOutOfNameOrderAndEmptyTensorsAreRead()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "model.safetensors");
        var data = new byte[12];
        BitConverter.GetBytes(2.5f).CopyTo(data, 0);
        BitConverter.GetBytes(7.0f).CopyTo(data, 8);
        WriteRaw(path, """{"z":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0],"data_offsets":[8,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", data);

        var tensors = SafeTensors.Read(path);

        Assert.Equal(2.5f, tensors["z"][0].item<float>());
        Assert.Equal(7.0f, tensors["a"][0].item<float>());
        Assert.Equal(0, tensors["e"].numel());
    }

    [Fact]
    public void WrittenFilesReadBack()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "model.safetensors");
        using var a = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var b = ones(4, dtype: ScalarType.Int64);
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a });

        var read = SafeTensors.Read(path);

        Assert.Equal(a.shape, read["a"].shape);
        Assert.True(a.bytes.SequenceEqual(read["a"].bytes), "a differs");
        Assert.Equal(ScalarType.Int64, read["b"].dtype);
        Assert.True(b.bytes.SequenceEqual(read["b"].bytes), "b differs");
    }

    [Fact]
    public void ACheckpointWhoseTwoTensorsShareBytesIsRefusedBeforeARunStarts()
    {
        using var temp = new TempDirectory();
        var exported = Path.Combine(temp.Path, "exported");
        var export = Cli.Run(temp.Path, "export", Path.Combine(tiny.Directory, "target"), "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        var weights = Path.Combine(exported, "model.safetensors");
        var (query, key) = ShareBytes(weights, "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.key.weight");
        var recipe = temp.Write("from-checkpoint.yaml", CheckpointRunTests.FromCheckpoint());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{weights}: corrupt safetensors header: tensor '", result.Stderr);
        Assert.Contains("overlaps tensor", result.Stderr);
        Assert.Contains($"'{query}'", result.Stderr);
        Assert.Contains($"'{key}'", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        var runs = Path.Combine(temp.Path, "runs");
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories).Any(), "no run may start");
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> so that the tensor ending in <paramref name="twin"/> lies over the bytes of the one ending in
    /// <paramref name="shared"/> (same dtype and shape), its own bytes removed: every other tensor still tiles the data. Returns both full names.
    /// </summary>
    private static (string Shared, string Twin) ShareBytes(string path, string shared, string twin)
    {
        var (entries, metadata) = SafeTensors.ReadHeader(path);
        var bytes = File.ReadAllBytes(path);
        var data = bytes[(8 + (int)BitConverter.ToUInt64(bytes, 0))..];
        var original = entries.Single(e => e.Name.EndsWith(shared, StringComparison.Ordinal));
        var copy = entries.Single(e => e.Name.EndsWith(twin, StringComparison.Ordinal));
        Assert.Equal(original.Shape, copy.Shape);

        var kept = new List<byte>();
        var placed = new Dictionary<string, (long Begin, long End)>();
        foreach (var entry in entries.Where(e => e != copy).OrderBy(e => e.Begin))
        {
            placed[entry.Name] = (kept.Count, kept.Count + entry.End - entry.Begin);
            kept.AddRange(data[(int)entry.Begin..(int)entry.End]);
        }
        placed[copy.Name] = placed[original.Name];
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) };
        foreach (var entry in entries)
            header[entry.Name] = new JsonObject
            {
                ["dtype"] = entry.DType,
                ["shape"] = new JsonArray([.. entry.Shape.Select(d => (JsonNode?)d)]),
                ["data_offsets"] = new JsonArray(placed[entry.Name].Begin, placed[entry.Name].End),
            };
        WriteRaw(path, header.ToJsonString(), [.. kept]);
        return (original.Name, copy.Name);
    }
}
