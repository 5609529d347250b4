using Repro.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class LifetimeTests
{
    [Fact]
    public void BuildLeavesNoTemporaryTensorsAlive()
    {
        var stats = DisposeScopeManager.Statistics;
        var before = stats.ThreadTotalLiveCount;
        var encoder = Tiny.Build(1);
        var head = Tiny.CreateHead(encoder, TargetKind.MaskedLm);
        var live = stats.ThreadTotalLiveCount - before;

        var parameters = encoder.parameters().Count() + head.parameters().Count();
        Assert.True(live <= parameters, $"{live} tensors alive after building a model with {parameters} parameters");
    }

    [Fact]
    public void ModelBuiltInsideADisposeScopeOutlivesIt()
    {
        BertEncoder encoder;
        Head head;
        using (NewDisposeScope())
        {
            encoder = Tiny.Build(1);
            head = Tiny.CreateHead(encoder, TargetKind.MaskedLm);
        }
        var batch = Tiny.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);

        Assert.Equal(new long[] { 3, 8, Tiny.Vocabulary }, head.Predict(states, pooled).shape);
    }
}
