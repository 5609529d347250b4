using Repro.Contracts;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class ShapeTests
{
    [Theory]
    [InlineData("post", "pooler")]
    [InlineData("post", "mean")]
    [InlineData("post", "cls")]
    [InlineData("pre", "pooler")]
    [InlineData("pre", "mean")]
    public void EveryStageAndHeadHasTheDocumentedShape(string norm, string pooling)
    {
        var encoder = Tiny.Build(1, Tiny.Parameters(norm, pooling));
        var batch = Tiny.Batch();

        var embeddings = encoder.Embed(batch.TokenIds, batch.SegmentIds);
        var states = encoder.Encode(embeddings, batch.Padding);
        var pooled = encoder.Pool(states, batch.Padding);

        Assert.Equal(32, encoder.HiddenSize);
        Assert.Equal(new long[] { 3, 8, 32 }, embeddings.shape);
        Assert.Equal(new long[] { 3, 8, 32 }, states.shape);
        Assert.Equal(new long[] { 3, 32 }, pooled.shape);
        Assert.Equal(new long[] { 3, 8, Tiny.Vocabulary }, Tiny.CreateHead(encoder, TargetKind.MaskedLm).Predict(states, pooled).shape);
        Assert.Equal(new long[] { 3, 3 }, Tiny.CreateHead(encoder, TargetKind.Classification).Predict(states, pooled).shape);
        Assert.Equal(new long[] { 3 }, Tiny.CreateHead(encoder, TargetKind.Regression).Predict(states, pooled).shape);
        Assert.Equal(new long[] { 3, 8, 3 }, Tiny.CreateHead(encoder, TargetKind.TokenClassification).Predict(states, pooled).shape);
    }

    [Fact]
    public void TheTokenHeadIsBertForTokenClassificationsClassifierOnEveryState()
    {
        var encoder = Tiny.Build(1);
        var batch = Tiny.Batch();
        var head = Tiny.CreateHead(encoder, TargetKind.TokenClassification);
        head.eval();
        var weights = Tiny.Weights(head);
        Assert.Equal(["classifier.bias", "classifier.weight"], weights.Keys.Order());
        var states = encoder.Encode(encoder.Embed(batch.TokenIds, batch.SegmentIds), batch.Padding);
        // Hugging Face: logits = classifier(dropout(sequence_output)); dropout is the identity in eval mode.
        var expected = TorchSharp.torch.matmul(states, weights["classifier.weight"].t()) + weights["classifier.bias"];
        Assert.True(head.Predict(states, encoder.Pool(states, batch.Padding)).allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Theory]
    [InlineData("post", 1)]
    [InlineData("pre", 1)]
    [InlineData("post", 3)]
    public void BodyHoldsExactlyTheModulesOfItsNormMode(string norm, int layers)
    {
        var names = Tiny.Build(1, Tiny.Parameters(norm, layers: layers)).named_parameters().Select(p => p.name).ToList();

        Assert.Equal(norm == "post", names.Any(n => n.StartsWith("embeddingNorm.")));
        Assert.Equal(norm == "pre", names.Any(n => n.StartsWith("finalNorm.")));
        Assert.Equal(layers, names.Where(n => n.StartsWith("layers.")).Select(n => n.Split('.')[1]).Distinct().Count());
    }
}
