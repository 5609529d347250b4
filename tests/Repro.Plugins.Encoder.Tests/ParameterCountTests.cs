using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary>The count the host's memory check reads equals what Build allocates.</summary>
[Trait("Category", "Unit")]
public class ParameterCountTests
{
    [Theory]
    [InlineData("post", "pooler", 2)]
    [InlineData("post", "mean", 3)]
    [InlineData("pre", "pooler", 1)]
    [InlineData("pre", "cls", 2)]
    [InlineData("post", "pooler", 2, 5)]
    [InlineData("pre", "mean", 3, 1)]
    public void TheCountOfAFreshEncoderIsItsParameters(string norm, string pooling, int layers, int adapterSize = 0)
    {
        var parameters = Tiny.Parameters(norm, pooling, layers, adapterSize: adapterSize);
        using var encoder = Tiny.Build(1, parameters);

        Assert.Equal(Numel(encoder), new BertEncoderPlugin().CountParameters(parameters, Tiny.Context));
    }

    [Theory]
    [InlineData("pooler")]
    [InlineData("mean")]
    [InlineData("mean", 3)]
    public void TheCountOfACheckpointComesFromItsConfigAndIsItsParameters(string pooling, int adapterSize = 0)
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(5));
        using var encoder = Checkpoints.Load(folder, pooling, adapterSize: adapterSize);
        var parameters = new BertEncoderParameters { Pooling = pooling, AdapterSize = adapterSize };

        Assert.Equal(Numel(encoder), new BertEncoderPlugin().CountParameters(parameters, Checkpoints.Context(folder)));
    }

    [Fact]
    public void AnImpossiblyLargeModelIsCountedWithoutAllocating()
    {
        var parameters = new BertEncoderParameters { HiddenSize = 1024, Heads = 16, FfnSize = 4096, Layers = 10_000 };

        var count = new BertEncoderPlugin().CountParameters(parameters, Tiny.Context);

        Assert.InRange(count!.Value, 10_000L * 12 * 1024 * 1024, 10_000L * 13 * 1024 * 1024);
    }

    private static long Numel(nn.Module module) => module.parameters().Sum(p => p.numel());
}
