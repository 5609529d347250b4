using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders.Tests;

/// <summary>What a causal decoder computes, in both layouts: causality, padding, pooling, heads.</summary>
[Trait("Category", "Unit")]
public sealed class DecoderForwardTests
{
    private static readonly long[][] Rows = [[5, 6, 7, 8, 9, 10], [11, 12, 13], [14]];

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void PaddedAndUnpaddedRowsAgreeOnTheirRealPositions(string layout)
    {
        using var decoder = Tiny.Decoder(layout);
        var (ids, padding) = Tiny.Batch(Rows);
        var batched = Tiny.States(decoder, ids, padding);
        for (var r = 0; r < Rows.Length; r++)
        {
            var (alone, none) = Tiny.Batch([Rows[r]]);
            var single = Tiny.States(decoder, alone, none)[0];
            var difference = Tiny.MaxAbs(batched[r, TensorIndex.Slice(0, Rows[r].Length)], single);
            Assert.True(difference < 1e-5, $"row {r}: padded and unpadded states differ by {difference}");
        }
        Assert.Equal(0f, batched[1, TensorIndex.Slice(3)].abs().max().item<float>());
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void APositionDoesNotSeeLaterTokens(string layout)
    {
        using var decoder = Tiny.Decoder(layout);
        var (first, padding) = Tiny.Batch([[5, 6, 7, 8]]);
        var (second, _) = Tiny.Batch([[5, 6, 7, 20]]);
        var a = Tiny.States(decoder, first, padding);
        var b = Tiny.States(decoder, second, padding);
        Assert.True(Tiny.MaxAbs(a[0, TensorIndex.Slice(0, 3)], b[0, TensorIndex.Slice(0, 3)]) < 1e-6);
        Assert.True(Tiny.MaxAbs(a[0, 3], b[0, 3]) > 1e-3, "the last position must see its own token");
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void PoolIsTheStateAtTheLastRealToken(string layout)
    {
        using var decoder = Tiny.Decoder(layout);
        var (ids, padding) = Tiny.Batch(Rows);
        var states = Tiny.States(decoder, ids, padding);
        var pooled = decoder.Pool(states, padding);
        for (var r = 0; r < Rows.Length; r++)
            Assert.Equal(0f, Tiny.MaxAbs(pooled[r], states[r, Rows[r].Length - 1]));
    }

    [Theory]
    [InlineData("gpt2", true)]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    public void TheCausalLmHeadIsTiedWhereTheLayoutSaysSo(string layout, bool tie)
    {
        using var decoder = Tiny.Decoder(layout, change: p => p.TieEmbeddings = tie);
        using var head = (CausalLmHead)decoder.CreateHead(new HeadSpec(TargetKind.CausalLm, Tiny.Vocabulary));
        Assert.Equal(tie, head.Tied);
        Assert.Equal(tie ? 0 : Tiny.Vocabulary * 16, head.parameters().Sum(p => p.numel()));
        var (ids, padding) = Tiny.Batch(Rows);
        var states = Tiny.States(decoder, ids, padding);
        using var noGrad = no_grad();
        var logits = head.Predict(states, decoder.Pool(states, padding));
        Assert.Equal(new long[] { 3, 6, Tiny.Vocabulary }, logits.shape);
        Assert.Equal(0f, Tiny.MaxAbs(logits, states.matmul(head.Weight.t())));
        if (tie) Assert.Equal(0f, Tiny.MaxAbs(head.Weight, decoder.TokenEmbeddingWeight));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void ScoreHeadsClassifyAndRegressOnThePooledState(string layout)
    {
        using var decoder = Tiny.Decoder(layout);
        var (ids, padding) = Tiny.Batch(Rows);
        var states = Tiny.States(decoder, ids, padding);
        var pooled = decoder.Pool(states, padding);
        using var classifier = decoder.CreateHead(new HeadSpec(TargetKind.Classification, 3));
        using var regressor = decoder.CreateHead(new HeadSpec(TargetKind.Regression, 1));
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 3, 3 }, classifier.Predict(states, pooled).shape);
        Assert.Equal(new long[] { 3 }, regressor.Predict(states, pooled).shape);
        Assert.Equal(["score.weight"], classifier.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void AMaskedLmHeadIsRefused()
    {
        using var decoder = Tiny.Decoder("gpt2");
        var error = Assert.Throws<ArgumentException>(() => decoder.CreateHead(new HeadSpec(TargetKind.MaskedLm, Tiny.Vocabulary)));
        Assert.Contains("causallm", error.Message);
    }

    [Theory]
    [InlineData("gpt2", false)]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    public void CountParametersIsExact(string layout, bool tie)
    {
        using var decoder = Tiny.Decoder(layout, change: p => p.TieEmbeddings = tie);
        var parameters = Tiny.Parameters(layout);
        parameters.TieEmbeddings = tie;
        Assert.Equal(decoder.parameters().Sum(p => p.numel()), ((IModelPlugin)new CausalDecoderPlugin()).CountParameters(parameters, Tiny.Context()));
    }

    [Fact]
    public void TheLayoutsNameTheirParametersAsHuggingFaceDoes()
    {
        using var gpt2 = Tiny.Decoder("gpt2");
        using var llama = Tiny.Decoder("llama");
        var g = gpt2.named_parameters().Select(p => p.name).ToHashSet();
        var l = llama.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Subset(g, new HashSet<string> { "wte.weight", "wpe.weight", "h.1.ln_1.bias", "h.0.attn.c_attn.weight", "h.0.mlp.c_fc.bias", "ln_f.weight" });
        Assert.Subset(l, new HashSet<string> { "embed_tokens.weight", "layers.1.self_attn.k_proj.weight", "layers.0.mlp.gate_proj.weight", "layers.0.input_layernorm.weight", "norm.weight" });
        Assert.DoesNotContain(l, n => n.EndsWith(".bias", StringComparison.Ordinal));
        Assert.Equal(new long[] { 16 / 4 * 2, 16 }, llama.named_parameters().Single(p => p.name == "layers.0.self_attn.k_proj.weight").parameter.shape);
    }

    [Fact]
    public void ThePluginLearnsTextAsNextTokenPrediction() =>
        Assert.Equal(TargetKind.CausalLm, ((IModelPlugin)new CausalDecoderPlugin()).LanguageModelObjective);
}
