using Repro.Contracts;
using Repro.Engine.Models;
using Repro.Engine.Recipes;
using Repro.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// LoRA adapters hooked onto any body's Linear layers (<see cref="LoraLayers"/>): a new adapter leaves the body's output
/// bitwise as it was, the hooked forward is <c>W x + b + (alpha/rank) B A x</c> computed by hand, merging gives the same
/// function, and the targets follow the <c>freeze:</c> pattern rules.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LoraLayersTests
{
    private static readonly string[] Tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "d", "e"];

    private static Encoder Body()
    {
        manual_seed(11);
        var body = TinyEncoder.Build(TinyEncoder.Context(Tokens));
        body.eval();
        return body;
    }

    private static Tensor Pooled(Encoder body)
    {
        using var ids = tensor(new long[] { 2, 5, 6, 7, 3, 0, 2, 8, 9, 3, 0, 0 }).view(2, 6);
        using var segments = zeros_like(ids);
        using var padding = ids.eq(0);
        using var noGrad = no_grad();
        return body.Pool(body.Encode(body.Embed(ids, segments), padding), padding).detach();
    }

    private static readonly LoraSpec QueryAndValue = new(4, 8, 0, ["layers.*.attention.query", "layers.*.attention.value"]);

    [Fact]
    public void ANewAdapterLeavesTheOutputBitwiseAsItWas()
    {
        using var body = Body();
        using var before = Pooled(body);
        using var lora = LoraLayers.Attach(body, QueryAndValue, seed: 5);
        using var after = Pooled(body);

        Assert.Equal(2, lora.Layers.Count);
        Assert.True(lora.Layers.All(l => l.A.abs().sum().item<float>() > 0), "A was not drawn");
        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());
    }

    [Fact]
    public void TheHookedLayerComputesTheLowRankUpdateAndMergingGivesTheSameFunction()
    {
        using var body = Body();
        using var lora = LoraLayers.Attach(body, QueryAndValue, seed: 5);
        var layer = lora.Layers[0];
        using (no_grad()) layer.B.copy_(randn(layer.B.shape));
        using var x = randn(3, 16);
        using var w = layer.Linear.weight!.detach().clone();
        using var bias = layer.Linear.bias!.detach().clone();
        // By hand: W x + b + (alpha / rank) · B (A x), in float64.
        using var expected = (x.to(float64).matmul(w.to(float64).t()) + bias.to(float64)
                              + x.to(float64).matmul(layer.A.detach().to(float64).t()).matmul(layer.B.detach().to(float64).t()) * (8.0 / 4)).to(float32);
        using var hooked = layer.Linear.call(x).detach();
        Assert.True(hooked.sub(expected).abs().max().item<float>() < 1e-5f);

        using var adapted = Pooled(body);
        lora.MergeAndDetach();
        using var merged = Pooled(body);
        Assert.True(adapted.sub(merged).abs().max().item<float>() < 1e-5f);
        Assert.True(layer.Linear.weight.sub(w).abs().max().item<float>() > 0, "the update was not merged");
    }

    [Fact]
    public void ADrawIsFixedByTheSeedAndBoundedAsPeftDrawsIt()
    {
        using var one = Body();
        using var two = Body();
        using var a = LoraLayers.Attach(one, QueryAndValue, seed: 5);
        using var b = LoraLayers.Attach(two, QueryAndValue, seed: 5);
        Assert.Equal(a.Layers[1].A.data<float>().ToArray(), b.Layers[1].A.data<float>().ToArray());
        // kaiming_uniform_(a = √5) on (rank, in): U(-1/√in, 1/√in); B zero.
        Assert.True(a.Layers[0].A.abs().max().item<float>() <= 1 / MathF.Sqrt(16));
        Assert.Equal(0, a.Layers[0].B.abs().sum().item<float>());
        Assert.Equal(2 * 4 * (16 + 16), a.Count);
    }

    [Fact]
    public void TargetsFollowTheFreezePatternRulesAndAnUnmatchedOneIsNamed()
    {
        using var body = Body();
        var names = LoraLayers.Targets(body, ["layers.*.attention"]).Select(t => t.Name).ToList();
        Assert.Equal(["layers.0.attention.query", "layers.0.attention.key", "layers.0.attention.value", "layers.0.attention.output"], names);
        var linears = body.named_modules().Where(m => m.module is Linear).Select(m => m.name).ToList();
        var e = Assert.Throws<Repro.Engine.ReproException>(() => LoraLayers.Check("target", "bert-encoder", ["layers.*.attention.q"], linears));
        Assert.Contains("'layers.*.attention.q' names no Linear layer", e.Message);
    }
}
