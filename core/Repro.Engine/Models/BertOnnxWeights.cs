using System.Runtime.InteropServices;
using Onnx;

namespace Repro.Engine.Models;

/// <summary>A float32 tensor in row-major order.</summary>
/// <param name="Shape">Its shape.</param>
/// <param name="Data">Its values.</param>
public sealed record FloatTensor(long[] Shape, float[] Data);

/// <summary>Where one Hugging Face tensor came from in the ONNX graph.</summary>
/// <param name="Initializer">The ONNX initializer's name.</param>
/// <param name="Transposed">True when the initializer is stored (in, out) and was transposed to nn.Linear's (out, in).</param>
public sealed record TensorSource(string Initializer, bool Transposed);

/// <summary>
/// Maps the initializers of a BERT encoder exported to ONNX (as Hugging Face's and sentence-transformers' exporters
/// write it) onto Hugging Face's <c>BertModel</c> tensor names. Embeddings, biases and LayerNorms keep their names;
/// an encoder linear weight is an anonymous initializer stored (in, out): the right operand of the MatMul whose output
/// feeds the Add whose other input is the initializer <c>X.bias</c> holds <c>X.weight</c>ᵀ. A linear whose weight keeps
/// its name (the pooler) must be a Gemm's B, transposed or not as its <c>transB</c> says. The pooler is optional: a graph
/// that has no <c>pooler.*</c> initializer at all (exported with <c>last_hidden_state</c> as its only output, as
/// sentence-transformers' CLS- and mean-pooled models are) maps to a <c>BertModel</c> without <c>pooler.dense.*</c>.
/// Anything else is refused.
/// </summary>
public static class BertOnnxWeights
{
    /// <summary>ONNX's FLOAT element type.</summary>
    private const int OnnxFloat = 1;

    /// <summary>Parses an ONNX model.</summary>
    public static ModelProto Parse(byte[] onnx)
    {
        try { return ModelProto.Parser.ParseFrom(onnx); }
        catch (Google.Protobuf.InvalidProtocolBufferException e) { throw new ReproException($"the ONNX graph cannot be parsed: {e.Message}"); }
    }

    /// <summary>
    /// Every tensor of <paramref name="config"/>'s <c>BertModel</c>, read from <paramref name="graph"/> with its shape checked,
    /// and where each came from. Throws <see cref="ReproException"/> naming the tensor when the graph does not have the expected shape.
    /// </summary>
    public static (SortedDictionary<string, FloatTensor> Tensors, SortedDictionary<string, TensorSource> Sources) Map(GraphProto graph, BertConfig config)
    {
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer)
            if (!initializers.TryAdd(init.Name, init)) throw new ReproException($"the ONNX graph has two initializers named '{init.Name}'");
        var expected = config.TensorShapes();
        if (!initializers.Keys.Any(n => n.StartsWith(PoolerPrefix, StringComparison.Ordinal)))
            expected = expected.Where(e => !e.Key.StartsWith(PoolerPrefix, StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var tensors = new SortedDictionary<string, FloatTensor>(StringComparer.Ordinal);
        var sources = new SortedDictionary<string, TensorSource>(StringComparer.Ordinal);
        var linears = expected.Keys.Where(n => n.EndsWith(".weight", StringComparison.Ordinal) && expected[n].Length == 2 && !n.StartsWith("embeddings.", StringComparison.Ordinal))
            .Select(n => n[..^".weight".Length]).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, shape) in expected)
        {
            if (name.EndsWith(".weight", StringComparison.Ordinal) && linears.Contains(name[..^".weight".Length]))
            {
                var (source, tensor) = LinearWeight(graph, initializers, name[..^".weight".Length], shape);
                tensors[name] = tensor;
                sources[name] = source;
                continue;
            }
            if (!initializers.TryGetValue(name, out var init))
                throw new ReproException($"the ONNX graph has no initializer '{name}'");
            tensors[name] = Checked(name, Read(init), shape, transpose: false);
            sources[name] = new TensorSource(name, false);
        }

        var used = sources.Values.Select(s => s.Initializer).ToHashSet(StringComparer.Ordinal);
        if (initializers.TryGetValue(PositionIds, out var positions))
        {
            CheckPositionIds(positions, config);
            used.Add(PositionIds);
        }
        var extra = initializers.Values.Where(i => !used.Contains(i.Name) && i.Dims.Aggregate(1L, (a, d) => a * d) > 1).Select(i => $"'{i.Name}' ({string.Join('x', i.Dims)})").ToList();
        if (extra.Count > 0)
            throw new ReproException($"the ONNX graph has {extra.Count} non-scalar initializer(s) that are not tensors of a {config.NumHiddenLayers}-layer BertModel: {string.Join(", ", extra.Take(5))}");
        return (tensors, sources);
    }

    /// <summary>The prefix of the pooler's tensors, which a graph may leave out as a whole.</summary>
    public const string PoolerPrefix = "pooler.";

    /// <summary>The buffer <c>0, 1, …, max_position_embeddings − 1</c> that exporters keep; Hugging Face does not save it as a weight.</summary>
    public const string PositionIds = "embeddings.position_ids";

    private static void CheckPositionIds(TensorProto ids, BertConfig config)
    {
        const int onnxInt64 = 7;
        var values = ids.DataType != onnxInt64 ? null
            : ids.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(ids.RawData.Span).ToArray() : ids.Int64Data.ToArray();
        if (values is null || !ids.Dims.SequenceEqual([1L, config.MaxPositionEmbeddings])
            || !values.SequenceEqual(Enumerable.Range(0, config.MaxPositionEmbeddings).Select(i => (long)i)))
            throw new ReproException($"the ONNX graph's '{PositionIds}' is not the int64 buffer 0 … {config.MaxPositionEmbeddings - 1} of shape (1, {config.MaxPositionEmbeddings})");
    }

    /// <summary>The weight of the linear <paramref name="prefix"/> as (out, in), found through the graph.</summary>
    private static (TensorSource, FloatTensor) LinearWeight(GraphProto graph, Dictionary<string, TensorProto> initializers, string prefix, long[] shape)
    {
        var weightName = prefix + ".weight";
        var biasName = prefix + ".bias";
        if (initializers.TryGetValue(weightName, out var named))
        {
            var gemms = graph.Node.Where(n => n.OpType == "Gemm" && n.Input.Count == 3 && n.Input[1] == weightName).ToList();
            if (gemms.Count != 1 || gemms[0].Input[2] != biasName)
                throw new ReproException($"the ONNX graph's '{weightName}' is not the B of exactly one Gemm with bias '{biasName}'");
            var gemm = gemms[0];
            long Attribute(string attribute, long fallback) => gemm.Attribute.FirstOrDefault(a => a.Name == attribute)?.I ?? fallback;
            float FloatAttribute(string attribute) => gemm.Attribute.FirstOrDefault(a => a.Name == attribute)?.F ?? 1f;
            if (Attribute("transA", 0) != 0 || FloatAttribute("alpha") != 1f || FloatAttribute("beta") != 1f)
                throw new ReproException($"the ONNX graph's Gemm of '{weightName}' has transA, alpha or beta other than 0, 1, 1");
            var transposed = Attribute("transB", 0) == 0;
            return (new TensorSource(weightName, transposed), Checked(weightName, Read(named), shape, transposed));
        }

        if (!initializers.ContainsKey(biasName))
            throw new ReproException($"the ONNX graph has no initializer '{biasName}'");
        var adds = graph.Node.Where(n => n.OpType == "Add" && n.Input.Count == 2 && n.Input.Contains(biasName)).ToList();
        if (adds.Count != 1)
            throw new ReproException($"the ONNX graph's bias '{biasName}' feeds {adds.Count} Add nodes, not one: cannot find its linear weight");
        var product = adds[0].Input[0] == biasName ? adds[0].Input[1] : adds[0].Input[0];
        var matmuls = graph.Node.Where(n => n.OpType == "MatMul" && n.Output.Contains(product)).ToList();
        if (matmuls.Count != 1)
            throw new ReproException($"the ONNX graph's bias '{biasName}' is added to '{product}', which is not the output of one MatMul: cannot find its linear weight");
        var weight = matmuls[0].Input.Count == 2 ? matmuls[0].Input[1] : "";
        if (!initializers.TryGetValue(weight, out var init))
            throw new ReproException($"the ONNX graph's MatMul before bias '{biasName}' does not multiply by an initializer: cannot find its linear weight");
        if (expectedStored(shape) is var stored && !init.Dims.SequenceEqual(stored))
            throw new ReproException($"the ONNX graph's MatMul before bias '{biasName}' multiplies by '{weight}' of shape ({string.Join(", ", init.Dims)}), not ({string.Join(", ", stored)})");
        return (new TensorSource(weight, true), Checked(weightName, Read(init), shape, transpose: true));

        static long[] expectedStored(long[] outIn) => [outIn[1], outIn[0]];
    }

    /// <summary>
    /// <paramref name="tensor"/> checked against the expected <paramref name="shape"/> (after transposing a stored (in, out) matrix
    /// when <paramref name="transpose"/>); the result is contiguous in the expected layout.
    /// </summary>
    private static FloatTensor Checked(string name, FloatTensor tensor, long[] shape, bool transpose)
    {
        var stored = transpose ? [shape[1], shape[0]] : shape;
        if (!tensor.Shape.SequenceEqual(stored))
            throw new ReproException($"the ONNX graph's '{name}' has shape ({string.Join(", ", tensor.Shape)}); the model's config says ({string.Join(", ", stored)})");
        return transpose ? Transpose(tensor) : tensor;
    }

    /// <summary>A 2-D tensor transposed, contiguous.</summary>
    public static FloatTensor Transpose(FloatTensor matrix)
    {
        int rows = (int)matrix.Shape[0], cols = (int)matrix.Shape[1];
        var result = new float[matrix.Data.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                result[c * rows + r] = matrix.Data[r * cols + c];
        return new FloatTensor([cols, rows], result);
    }

    /// <summary>The values of a float32 initializer (raw little-endian bytes or <c>float_data</c>).</summary>
    public static FloatTensor Read(TensorProto tensor)
    {
        if (tensor.DataType != OnnxFloat)
            throw new ReproException($"the ONNX graph's '{tensor.Name}' is not float32 (data type {tensor.DataType})");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new ReproException($"the ONNX graph's '{tensor.Name}' is stored in an external file");
        var count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        var data = tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX import: big-endian machines are not supported");
        if (data.Length != count)
            throw new ReproException($"the ONNX graph's '{tensor.Name}' holds {data.Length} values for shape ({string.Join(", ", tensor.Dims)})");
        return new FloatTensor(tensor.Dims.ToArray(), data);
    }
}
