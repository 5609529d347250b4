using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Repro.Engine.Models;

namespace Repro.Tests.Support;

/// <summary>
/// The reference forward pass for imported models: ONNX Runtime running a package's ORIGINAL ONNX graph, with graph
/// optimizations off (the graph's own ops, not fused kernels) and one thread (same numbers every run). Compare
/// Repro's own encoder with it at 1e-4 max-abs (PLATFORM.md: fp32 implementations agree to about 4e-6).
/// <code>
/// using var onnx = OnnxReference.For(KnownModels.MiniLmL6);
/// var (hidden, shape) = onnx.LastHiddenState(inputIds, attentionMask, tokenTypeIds, batch: 1, length: ids.Length);
/// // hidden[(b * length + t) * 384 + d]; shape = [batch, length, 384]
/// </code>
/// </summary>
internal sealed class OnnxReference : IDisposable
{
    private readonly InferenceSession session;

    /// <summary>A session on the ONNX bytes of a model.</summary>
    public OnnxReference(byte[] onnx)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        session = new InferenceSession(onnx, options);
    }

    /// <summary>A session on the original graph of a known model, read from its NuGet package (SHA-256 checked).</summary>
    public static OnnxReference For(KnownModel model) => new(OriginalOnnx(model));

    /// <summary>The original ONNX bytes of a known model, read from its NuGet package, refused unless they have the pinned SHA-256.</summary>
    public static byte[] OriginalOnnx(KnownModel model)
    {
        var package = NuGetPackages.ReadFile(model.PackageId, model.PackageVersion, model.AssemblyPath);
        var onnx = ManifestResources.Read(package.Bytes, model.OnnxResource, model.PackageId);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx));
        if (sha != model.OnnxSha256) throw new InvalidOperationException($"{model.OnnxResource}: SHA-256 {sha}, not {model.OnnxSha256}");
        return onnx;
    }

    /// <summary>
    /// Runs the graph on a batch: each argument holds <paramref name="batch"/> × <paramref name="length"/> int64 values,
    /// row-major (<c>[b * length + t]</c>). Returns the graph's <c>last_hidden_state</c>, row-major, and its shape
    /// <c>[batch, length, hidden]</c>.
    /// </summary>
    public (float[] Values, int[] Shape) LastHiddenState(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int batch, int length)
    {
        int[] dims = [batch, length];
        foreach (var (name, values) in new[] { ("input_ids", inputIds), ("attention_mask", attentionMask), ("token_type_ids", tokenTypeIds) })
            if (values.Length != batch * length) throw new ArgumentException($"{name} has {values.Length} values, not {batch} x {length}");
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(inputIds, dims)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, dims)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(tokenTypeIds, dims)),
        };
        using var results = session.Run(inputs, ["last_hidden_state"]);
        var hidden = results.Single().AsTensor<float>();
        return (hidden.ToArray(), hidden.Dimensions.ToArray());
    }

    public void Dispose() => session.Dispose();
}
