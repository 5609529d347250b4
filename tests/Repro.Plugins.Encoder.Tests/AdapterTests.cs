using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary><c>adapter_size</c>: bottleneck adapters that start as the identity and leave the base weights as they were.</summary>
[Trait("Category", "Unit")]
public class AdapterTests
{
    [Theory]
    [InlineData("post")]
    [InlineData("pre")]
    public void AFreshEncoderWithAdaptersHasTheSameBaseWeightsAndComputesTheSame(string norm)
    {
        using var plain = Tiny.Build(4, Tiny.Parameters(norm));
        using var adapted = Tiny.Build(4, Tiny.Parameters(norm, adapterSize: 6));
        var batch = Tiny.Batch();

        var basic = Tiny.Weights(plain);
        var all = Tiny.Weights(adapted);
        Assert.All(basic, kv => Assert.True(Bitwise.Equal(kv.Value, all[kv.Key]), kv.Key));
        var adapters = all.Keys.Except(basic.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2 * 2 * 4, adapters.Count); // 2 layers × 2 sublayers × (down, downBias, up, upBias)
        Assert.All(adapters, name => Assert.Contains("Adapter.", name));
        Assert.True(all["layers.1.ffnAdapter.down"].ne(0).any().item<bool>());
        Assert.True(all["layers.1.ffnAdapter.up"].eq(0).all().item<bool>());
        var (states, pooled) = Tiny.Run(plain, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (adaptedStates, adaptedPooled) = Tiny.Run(adapted, batch.TokenIds, batch.SegmentIds, batch.Padding);
        Assert.True(Bitwise.Equal(states, adaptedStates));
        Assert.True(Bitwise.Equal(pooled, adaptedPooled));
    }

    [Fact]
    public void ACheckpointWithAdaptersLoadsItsWeightsAndComputesWhatTheCheckpointComputes()
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(2));
        using var plain = Checkpoints.Load(folder, "mean");
        using var adapted = Checkpoints.Load(folder, "mean", adapterSize: 4);
        var batch = Checkpoints.Batch();

        var all = Tiny.Weights(adapted);
        Assert.All(Tiny.Weights(plain), kv => Assert.True(Bitwise.Equal(kv.Value, all[kv.Key]), kv.Key));
        Assert.Equal(4, adapted.Config.AdapterSize);
        var (states, _) = Tiny.Run(plain, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (adaptedStates, _) = Tiny.Run(adapted, batch.TokenIds, batch.SegmentIds, batch.Padding);
        Assert.True(Bitwise.Equal(states, adaptedStates));
    }

    [Fact]
    public void TrainingOnlyTheAdaptersChangesWhatTheEncoderComputes()
    {
        using var encoder = Tiny.Build(5, Tiny.Parameters(dropout: 0, adapterSize: 4));
        var batch = Tiny.Batch();
        var (before, _) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var adapters = encoder.named_parameters().Where(p => p.name.Contains("Adapter.")).Select(p => p.parameter).ToList();
        foreach (var (name, p) in encoder.named_parameters()) p.requires_grad = name.Contains("Adapter.");
        using var optimizer = optim.SGD(adapters, 0.5);

        encoder.train();
        for (var step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            var states = encoder.Encode(encoder.Embed(batch.TokenIds, batch.SegmentIds), batch.Padding);
            encoder.Pool(states, batch.Padding).square().sum().backward();
            optimizer.step();
        }

        var (after, _) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        Assert.True(Tiny.Weights(encoder)["layers.0.attentionAdapter.up"].ne(0).any().item<bool>());
        Assert.False(Bitwise.Equal(before, after));
    }

    [Fact]
    public void ANegativeAdapterSizeIsRefusedByName()
    {
        var error = Assert.Throws<ParameterException>(() => new BertEncoderPlugin().Validate(Tiny.Parameters(adapterSize: -1)));

        Assert.Contains("adapter_size (-1)", error.Message);
    }

    [Fact]
    public void AnEncoderWithAdaptersIsNotExportedAsAHuggingFaceFolder()
    {
        using var encoder = Tiny.Build(6, Tiny.Parameters(adapterSize: 4));
        var folder = Path.Combine(Checkpoints.NewFolder(), "export");

        var error = Assert.Throws<PluginInputException>(() => new BertEncoderPlugin().Export(encoder, null,
            new ExportContext(Tiny.Parameters(adapterSize: 4), Tiny.Context, null, []), folder));

        Assert.Contains("adapter_size 4", error.Message);
        Assert.False(Directory.Exists(folder));
    }
}
