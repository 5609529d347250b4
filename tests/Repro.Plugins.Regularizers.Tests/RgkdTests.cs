using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class RgkdTests
{
    /// <summary>Token i embeds as (0.1·i, 0, 0) and W = I, so a token's state is (tanh(0.1·i), 0, 0).</summary>
    private static TinyModel Model()
    {
        var model = new TinyModel();
        using (no_grad())
        {
            model.Body.Table.zero_();
            model.Body.Table.select(1, 0).copy_(arange(5, dtype: ScalarType.Float32) * 0.1f);
            model.Body.W.copy_(eye(3));
        }
        return model;
    }

    private static Rgkd Start(TinyModel model, double weight, RgkdRepresentation representation)
    {
        var rgkd = new Rgkd(weight, representation);
        rgkd.OnStageStart(model.Start());
        return rgkd;
    }

    [Fact]
    public void AtTheStartThePenaltyIsZero()
    {
        var model = Model();
        Assert.Equal(0f, Start(model, 1, RgkdRepresentation.Pooled).Penalty(model.Step(1, model.Batch()))!.item<float>());
    }

    [Fact]
    public void PooledDistanceMatchesTheFormula()
    {
        var model = Model();
        var rgkd = Start(model, 0.5, RgkdRepresentation.Pooled);
        using (no_grad()) model.Body.W.mul_(2);   // a token's state becomes tanh(0.2·i)

        var penalty = rgkd.Penalty(model.Step(1, model.Batch()))!;

        // sentences (0, 1, 2) and (3, 4, 1); pooled = mean of token states; 0.5 · mean over the 2 sentences of Δ²
        static double Pooled(int[] ids, double scale) => ids.Average(i => Math.Tanh(scale * 0.1 * i));
        int[][] sentences = [[0, 1, 2], [3, 4, 1]];
        var expected = 0.5 * sentences.Average(s => Math.Pow(Pooled(s, 2) - Pooled(s, 1), 2));
        Assert.Equal(expected, penalty.item<float>(), 6);
        penalty.backward();
        Assert.True(model.Body.W.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TokenDistanceSkipsPadding()
    {
        var model = Model();
        var rgkd = Start(model, 1, RgkdRepresentation.Tokens);
        using (no_grad()) model.Body.W.mul_(2);
        var batch = model.Batch() with { Padding = tensor(new[] { false, false, false, false, false, true }).reshape(2, 3) };

        var penalty = rgkd.Penalty(model.Step(1, batch))!;

        // tokens 0, 1, 2, 3, 4 (the padded last 1 is skipped): mean of (tanh(0.2·i) − tanh(0.1·i))²
        var expected = new[] { 0, 1, 2, 3, 4 }.Average(i => Math.Pow(Math.Tanh(0.2 * i) - Math.Tanh(0.1 * i), 2));
        Assert.Equal(expected, penalty.item<float>(), 6);
    }

    [Fact]
    public void TheStartIsFrozen()
    {
        var model = Model();
        var rgkd = Start(model, 1, RgkdRepresentation.Pooled);
        var before = rgkd.State()["start.1"].clone();
        using (no_grad()) model.Body.W.add_(1);
        Assert.True(rgkd.State()["start.1"].eq(before).all().item<bool>());
        Assert.False(rgkd.State()["start.1"].requires_grad);
    }
}
