using Repro.Contracts;
using Repro.Engine.Data;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>A causal-LM batch targets the next token at every real position but the last, and nothing at padding.</summary>
[Trait("Category", "Unit")]
public sealed class CausalBatchTests
{
    [Fact]
    public void TargetsAreTheIdsShiftedLeftWithinEachRow()
    {
        EncodedExample Row(params long[] ids) => new(ids, new long[ids.Length], -1, 0);
        using var scope = NewDisposeScope();
        var batch = BatchBuilder.For([Row(2, 7, 8, 3), Row(2, 9, 3), Row(2)], TargetKind.CausalLm, 0.15, 20, new Rng(1), CPU);

        Assert.Equal(new long[] { 2, 7, 8, 3, 2, 9, 3, 0, 2, 0, 0, 0 }, batch.TokenIds.data<long>().ToArray());
        Assert.Equal(new long[] { 7, 8, 3, -100, 9, 3, -100, -100, -100, -100, -100, -100 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(new[] { false, false, false, false, false, false, false, true, false, true, true, true }, batch.Padding.data<bool>().ToArray());
    }
}
