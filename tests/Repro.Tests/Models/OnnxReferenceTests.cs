using Repro.Engine.Models;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The ONNX Runtime reference of minilm-l6 runs the package's original graph.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class OnnxReferenceTests
{
    [Fact]
    public void RunsOneSentenceToFiniteHiddenStatesOfWidth384()
    {
        // "[CLS] the cat sat on the mat . [SEP]" in the package's vocabulary (bert-base-uncased ids).
        long[] ids = [101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102];
        using var onnx = OnnxReference.For(KnownModels.MiniLmL6);

        var (values, shape) = onnx.LastHiddenState(ids, ids.Select(_ => 1L).ToArray(), new long[ids.Length], batch: 1, length: ids.Length);

        Assert.Equal([1, ids.Length, 384], shape);
        Assert.Equal(ids.Length * 384, values.Length);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.True(values.Max(Math.Abs) > 0.1f, "the hidden states are all near zero");
    }
}
