using Repro.Contracts;
using Repro.Plugins.Regularizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class L2SpTests
{
    /// <summary>A body with one 2-vector parameter and a head with one scalar: small enough to compute by hand.</summary>
    private sealed class OneVectorBody : Encoder
    {
        public readonly Parameter W = new(tensor(new float[] { 1, 2 }));
        public OneVectorBody() : base("body") => RegisterComponents();
        public override int HiddenSize => 2;
        public override Tensor Embed(Tensor tokenIds, Tensor segmentIds) => throw new NotSupportedException();
        public override Tensor Encode(Tensor embeddings, Tensor padding) => throw new NotSupportedException();
        public override Tensor Pool(Tensor states, Tensor padding) => throw new NotSupportedException();
        public override Head CreateHead(HeadSpec spec) => new OneScalarHead();
    }

    private sealed class OneScalarHead : Head
    {
        public readonly Parameter V = new(tensor(new float[] { 3 }));
        public OneScalarHead() : base("head") => RegisterComponents();
        public override Tensor Predict(Tensor states, Tensor pooled) => throw new NotSupportedException();
    }

    private static (L2Sp Regularizer, OneVectorBody Body, OneScalarHead Head) Start(double alpha, double beta)
    {
        var body = new OneVectorBody();
        var head = new OneScalarHead();
        var regularizer = new L2Sp(alpha, beta);
        regularizer.OnStageStart(new StageStart(body, head, true, new Generator(1, CPU), CPU, 10));
        return (regularizer, body, head);
    }

    private static TrainingStep NoStep => new(1, null!, null!, null!, null!, null!, e => e);

    [Fact]
    public void AtTheStartOnlyTheHeadTermRemains()
    {
        var (regularizer, _, _) = Start(alpha: 0.5, beta: 0.2);
        // β/2·‖v‖² = 0.1 · 9
        Assert.Equal(0.9, regularizer.Penalty(NoStep)!.item<float>(), 5);
    }

    [Fact]
    public void ValueAndGradientMatchTheFormula()
    {
        var (regularizer, body, head) = Start(alpha: 0.5, beta: 0.2);
        using (no_grad()) body.W.add_(tensor(new float[] { 0.5f, -1 }));   // w − w₀ = (0.5, −1)

        var penalty = regularizer.Penalty(NoStep)!;
        penalty.backward();

        // α/2·(0.25 + 1) + β/2·9 = 0.3125 + 0.9
        Assert.Equal(1.2125, penalty.item<float>(), 5);
        // ∂/∂w = α·(w − w₀) = (0.25, −0.5); ∂/∂v = β·v = 0.6
        Assert.Equal(new[] { 0.25f, -0.5f }, body.W.grad!.data<float>().ToArray());
        Assert.Equal(0.6f, head.V.grad!.item<float>(), 5);
    }

    [Fact]
    public void TheStartingPointIsACopyNotTheLiveWeights()
    {
        var (regularizer, body, _) = Start(alpha: 2, beta: 0);
        using (no_grad()) body.W.mul_(3);   // w = (3, 6), w₀ = (1, 2)
        Assert.Equal((4 + 16) * 1.0, regularizer.Penalty(NoStep)!.item<float>(), 5);
        regularizer.Dispose();
    }

    [Fact]
    public void ThePluginDeclaresItsParameters()
    {
        var plugin = new L2SpPlugin();
        Assert.Equal(PluginKind.Regularizer, plugin.Kind);
        var regularizer = plugin.Create(new L2SpParameters { Alpha = 0, Beta = 0 });
        Assert.IsType<L2Sp>(regularizer);
    }
}
