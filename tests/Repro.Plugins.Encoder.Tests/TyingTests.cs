using Repro.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class TyingTests
{
    [Fact]
    public void DecoderWeightIsTheEmbeddingWeight()
    {
        var encoder = Tiny.Build(1);
        var head = (MaskedLmHead)Tiny.CreateHead(encoder, TargetKind.MaskedLm);

        Assert.Equal(Bitwise.Address(encoder.TokenEmbeddingWeight), Bitwise.Address(head.DecoderWeight));
    }

    [Fact]
    public void BodyAndHeadParametersHoldNoTensorTwice()
    {
        var encoder = Tiny.Build(1);
        var head = Tiny.CreateHead(encoder, TargetKind.MaskedLm);

        var all = encoder.parameters().Concat(head.parameters()).ToList();
        Assert.Equal(all.Count, all.Select(p => Bitwise.Address(p)).Distinct().Count());
        Assert.Equal(["bias", "norm.bias", "norm.weight", "transform.bias", "transform.weight"],
            head.named_parameters().Select(p => p.name).Order().ToArray());
    }

    [Fact]
    public void AnOptimizerStepMovesTheEmbeddingAndTheDecoderTogether()
    {
        var encoder = Tiny.Build(1, Tiny.Parameters(dropout: 0));
        var head = (MaskedLmHead)Tiny.CreateHead(encoder, TargetKind.MaskedLm);
        var batch = Tiny.Batch();
        var before = encoder.TokenEmbeddingWeight.detach().clone();
        var optimizer = optim.Adam(encoder.parameters().Concat(head.parameters()), lr: 1e-2);

        using (NewDisposeScope()) // as the host runs each step
        {
            var states = encoder.Encode(encoder.Embed(batch.TokenIds, batch.SegmentIds), batch.Padding);
            var logits = head.Predict(states, encoder.Pool(states, batch.Padding));
            var loss = nn.functional.cross_entropy(logits.reshape(-1, Tiny.Vocabulary), batch.TokenIds.reshape(-1));
            optimizer.zero_grad();
            loss.backward();
        }

        // Token 19 is not in the batch, so only the decoder use of the tied matrix gives its row a gradient.
        Assert.True(encoder.TokenEmbeddingWeight.grad!.select(0, 19).abs().sum().item<float>() > 0);
        optimizer.step();

        Assert.False(Bitwise.Equal(encoder.TokenEmbeddingWeight, before));
        Assert.True(Bitwise.Equal(head.DecoderWeight, encoder.TokenEmbeddingWeight));
        Assert.Equal(Bitwise.Address(encoder.TokenEmbeddingWeight), Bitwise.Address(head.DecoderWeight));
    }

    [Fact]
    public void HeadStateDictRoundTripsWithoutTheTiedWeight()
    {
        var first = Tiny.Build(1);
        var head = Tiny.CreateHead(first, TargetKind.MaskedLm, seed: 1);
        var second = Tiny.Build(2);
        var other = Tiny.CreateHead(second, TargetKind.MaskedLm, seed: 2);
        var path = Path.GetTempFileName();
        try
        {
            head.save(path);
            other.load(path);
        }
        finally
        {
            File.Delete(path);
        }

        var expected = head.state_dict();
        var loaded = other.state_dict();
        Assert.Equal(expected.Keys.Order(), loaded.Keys.Order());
        Assert.All(expected, kv => Assert.True(Bitwise.Equal(kv.Value, loaded[kv.Key]), kv.Key));
        Assert.Equal(Bitwise.Address(second.TokenEmbeddingWeight), Bitwise.Address(((MaskedLmHead)other).DecoderWeight));
    }

    [Fact]
    public void TheTieSurvivesMovingTheModel()
    {
        var encoder = Tiny.Build(1);
        var head = (MaskedLmHead)Tiny.CreateHead(encoder, TargetKind.MaskedLm);
        encoder.to(ScalarType.Float64);
        head.to(ScalarType.Float64);
        var batch = Tiny.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);

        Assert.Equal(ScalarType.Float64, head.DecoderWeight.dtype);
        Assert.Equal(Bitwise.Address(encoder.TokenEmbeddingWeight), Bitwise.Address(head.DecoderWeight));
        Assert.Equal(ScalarType.Float64, head.Predict(states, pooled).dtype);
    }

    [Fact]
    public void MaskedLmHeadMustMatchTheVocabulary()
    {
        var encoder = Tiny.Build(1);

        var error = Assert.Throws<ArgumentException>(() => encoder.CreateHead(new HeadSpec(TargetKind.MaskedLm, Tiny.Vocabulary + 1)));
        Assert.Contains("vocabulary size", error.Message);
    }
}
