using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class PaddingTests
{
    public static TheoryData<string, string> Modes => new() { { "post", "pooler" }, { "post", "mean" }, { "pre", "pooler" }, { "post", "cls" }, { "pre", "mean" } };

    [Theory]
    [MemberData(nameof(Modes))]
    public void TokensAtPaddedPositionsDoNotReachRealPositions(string norm, string pooling)
    {
        var encoder = Tiny.Build(3, Tiny.Parameters(norm, pooling));
        var batch = Tiny.Batch();
        var noisyIds = batch.TokenIds.masked_fill(batch.Padding, 7);
        var noisySegments = batch.SegmentIds.masked_fill(batch.Padding, 1);

        var (clean, cleanPooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (noisy, noisyPooled) = Tiny.Run(encoder, noisyIds, noisySegments, batch.Padding);

        var real = (~batch.Padding).unsqueeze(-1).expand_as(clean);
        Assert.True(clean.masked_select(real).allclose(noisy.masked_select(real), rtol: 1e-5, atol: 1e-6));
        Assert.True(cleanPooled.allclose(noisyPooled, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ChangingARealTokenChangesTheOtherRealPositions()
    {
        // Control for the test above: attention does mix real positions.
        var encoder = Tiny.Build(3);
        var batch = Tiny.Batch();
        var changed = batch.TokenIds.clone();
        changed[1, 2] = tensor(9L);

        var (clean, _) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (other, _) = Tiny.Run(encoder, changed, batch.SegmentIds, batch.Padding);

        Assert.False(clean[1, 0].allclose(other[1, 0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void PaddedStatesAreZeroAndMeanPoolingAveragesOnlyRealPositions()
    {
        var encoder = Tiny.Build(4, Tiny.Parameters(pooling: "mean"));
        var batch = Tiny.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);

        Assert.True(states[1, TensorIndex.Slice(5)].eq(0).all().item<bool>());
        Assert.True(states[1, TensorIndex.Slice(0, 5)].ne(0).any(-1).all().item<bool>());
        int[] realLengths = [8, 5, 3];
        for (var row = 0; row < 3; row++)
        {
            var expected = states[row, TensorIndex.Slice(0, realLengths[row])].mean([0L]);
            Assert.True(pooled[row].allclose(expected, rtol: 1e-5, atol: 1e-6), $"row {row}");
        }
    }

    [Fact]
    public void PoolerPoolingIsTanhOfALinearMapOfTheFirstState()
    {
        var encoder = Tiny.Build(4, Tiny.Parameters(pooling: "pooler"));
        var batch = Tiny.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var parameters = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        var expected = nn.functional.linear(states[TensorIndex.Colon, 0], parameters["pooler.weight"], parameters["pooler.bias"]).tanh();

        Assert.True(pooled.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void InputsLongerThanThePositionTableAreRejected()
    {
        var encoder = Tiny.Build(1);
        var ids = ones(2, Tiny.MaxLength + 1, dtype: ScalarType.Int64);

        var error = Assert.Throws<ArgumentException>(() => encoder.Embed(ids, zeros_like(ids)));
        Assert.Contains("max_positions", error.Message);
    }
}
