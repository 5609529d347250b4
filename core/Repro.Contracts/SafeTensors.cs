using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Repro.Contracts;

/// <summary>
/// The safetensors format (Hugging Face's weight files): an 8-byte little-endian header length, a JSON header
/// <c>{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { ... } }</c>, then the raw
/// little-endian bytes of every tensor. Reading checks the header against the file before any tensor is made (every
/// tensor's size from its dtype and shape, the tensors tiling the data with no overlap and no gap, as the reference library does)
/// and throws <see cref="PluginInputException"/> naming the file and tensor; writing sorts tensors by name,
/// so the same tensors always give the same bytes.
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (Hugging Face's own limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>One tensor's entry in the header.</summary>
    /// <param name="Name">The tensor's name.</param>
    /// <param name="DType">The format's dtype name: <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>F64</c>, <c>I64</c>, <c>I32</c>, <c>I8</c>, <c>U8</c>, <c>BOOL</c>.</param>
    /// <param name="Shape">The tensor's shape.</param>
    /// <param name="Begin">Offset of its first byte after the header.</param>
    /// <param name="End">Offset after its last byte.</param>
    public sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    private static readonly Dictionary<string, (ScalarType Type, int Bytes)> DTypes = new(StringComparer.Ordinal)
    {
        ["F32"] = (ScalarType.Float32, 4), ["F16"] = (ScalarType.Float16, 2), ["BF16"] = (ScalarType.BFloat16, 2),
        ["F64"] = (ScalarType.Float64, 8), ["I64"] = (ScalarType.Int64, 8), ["I32"] = (ScalarType.Int32, 4),
        ["I16"] = (ScalarType.Int16, 2), ["I8"] = (ScalarType.Int8, 1), ["U8"] = (ScalarType.Byte, 1), ["BOOL"] = (ScalarType.Bool, 1),
    };

    /// <summary>The dtype names this reader and writer know.</summary>
    public static IReadOnlyCollection<string> KnownDTypes => DTypes.Keys;

    /// <summary>Reads and checks the header of <paramref name="path"/>: entries in file order and the metadata.</summary>
    public static (IReadOnlyList<Entry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads every tensor of <paramref name="path"/> as a CPU tensor (dtype as stored), by name.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var (entries, _) = ReadHeader(stream, path);
        var dataStart = stream.Position;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var bytes = new byte[entry.End - entry.Begin];
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: big-endian machines are not supported");
            var tensor = empty(entry.Shape, DTypes[entry.DType].Type);
            tensor.bytes = bytes;
            result[entry.Name] = tensor;
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (any device; contiguous copies are made) to <paramref name="path"/>, sorted by
    /// name, with <paramref name="metadata"/> (Hugging Face writes <c>{"format": "pt"}</c>).
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sorted = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var blobs = new List<byte[]>(sorted.Count);
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in sorted)
            {
                var dtype = DTypes.FirstOrDefault(d => d.Value.Type == tensor.dtype).Key
                    ?? throw new ArgumentException($"safetensors: tensor '{name}' has dtype {tensor.dtype}, which the format does not hold");
                using var cpu = tensor.detach().cpu().contiguous();
                var bytes = cpu.bytes.ToArray();
                blobs.Add(bytes);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes.Length;
            }
            json.WriteEndObject();
        }
        // The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
        var headerBytes = header.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var blob in blobs) file.Write(blob);
    }

    private static (IReadOnlyList<Entry>, IReadOnlyDictionary<string, string>) ReadHeader(Stream stream, string path)
    {
        PluginInputException Bad(string message) => new($"{path}: {message}");
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8) throw Bad($"not a safetensors file: {stream.Length} bytes, fewer than the 8-byte header length");
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
            throw Bad($"corrupt safetensors header: it declares {headerLength} header bytes, but the file has {stream.Length - 8} after the length");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataLength = stream.Length - 8 - (long)headerLength;

        JsonElement root;
        try { root = JsonDocument.Parse(headerBytes).RootElement; }
        catch (JsonException e) { throw Bad($"corrupt safetensors header: not valid JSON ({e.Message})"); }
        if (root.ValueKind != JsonValueKind.Object) throw Bad("corrupt safetensors header: not a JSON object");

        var entries = new List<Entry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                    foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.ToString();
                continue;
            }
            var name = property.Name;
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Object
                || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
                || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
                || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
                || offsetsElement.GetArrayLength() != 2)
                throw Bad($"corrupt safetensors header: tensor '{name}' needs dtype, shape and data_offsets [begin, end]");
            var dtype = dtypeElement.GetString()!;
            if (!DTypes.TryGetValue(dtype, out var info))
                throw Bad($"tensor '{name}' has dtype {dtype}, which is not supported; supported: {string.Join(", ", DTypes.Keys)}");
            var shape = new long[shapeElement.GetArrayLength()];
            var i = 0;
            foreach (var d in shapeElement.EnumerateArray())
            {
                if (!d.TryGetInt64(out var size) || size < 0) throw Bad($"corrupt safetensors header: tensor '{name}' has a bad shape {shapeElement}");
                shape[i++] = size;
            }
            var offsets = offsetsElement.EnumerateArray().ToArray();
            if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin || end > dataLength)
                throw Bad($"corrupt safetensors header: tensor '{name}' has data_offsets {offsetsElement} outside the {dataLength} data bytes");
            long elements = 1;
            try
            {
                foreach (var d in shape) elements = checked(elements * d);
                elements = checked(elements * info.Bytes) / info.Bytes;
            }
            catch (OverflowException) { throw Bad($"corrupt safetensors header: tensor '{name}' has shape [{string.Join(", ", shape)}], too large to exist"); }
            if (end - begin != elements * info.Bytes)
                throw Bad($"corrupt safetensors header: tensor '{name}' ({dtype}, shape [{string.Join(", ", shape)}]) needs {elements * info.Bytes} bytes, its data_offsets give {end - begin}");
            entries.Add(new Entry(name, dtype, shape, begin, end));
        }
        CheckLayout(entries, dataLength, Bad);
        return (entries, metadata);
    }

    /// <summary>
    /// As the reference library validates a header: the tensors, sorted by offset, tile the data exactly, each beginning where the
    /// one before ended (an overlap or a gap is its <c>InvalidOffset</c>) and the last ending where the file ends (else its
    /// <c>MetadataIncompleteBuffer</c>). Two tensors over the same bytes would otherwise load as one tensor's values twice.
    /// </summary>
    private static void CheckLayout(List<Entry> entries, long dataLength, Func<string, PluginInputException> bad)
    {
        static string Span(Entry e) => $"data_offsets [{e.Begin}, {e.End}]";
        long covered = 0;
        Entry? previous = null;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < covered)
                throw bad($"corrupt safetensors header: tensor '{entry.Name}' ({Span(entry)}) overlaps tensor '{previous!.Name}' ({Span(previous)}); each tensor needs bytes of its own");
            if (entry.Begin > covered)
                throw bad($"corrupt safetensors header: data bytes {covered} to {entry.Begin} belong to no tensor (a gap {(previous is null ? "before" : $"between '{previous.Name}' and")} '{entry.Name}', {Span(entry)}); the tensors must cover the data with no gap");
            covered = entry.End;
            previous = entry;
        }
        if (covered != dataLength)
            throw bad($"corrupt safetensors header: the tensors cover {covered} of the {dataLength} data bytes; the last {dataLength - covered} belong to no tensor" +
                      (previous is null ? "" : $" (after '{previous.Name}', {Span(previous)})"));
    }
}
