using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class SeedTests
{
    [Theory]
    [InlineData("post", "pooler")]
    [InlineData("pre", "mean")]
    public void SameSeedGivesBitwiseEqualWeights(string norm, string pooling)
    {
        var a = Everything(11, norm, pooling);
        var b = Everything(11, norm, pooling);

        Assert.Equal(a.Select(p => p.Name), b.Select(p => p.Name));
        Assert.All(a.Zip(b), pair => Assert.True(Bitwise.Equal(pair.First.Value, pair.Second.Value), pair.First.Name));
    }

    [Fact]
    public void DifferentSeedGivesDifferentWeights()
    {
        var a = Everything(11, "post", "pooler");
        var b = Everything(12, "post", "pooler");

        // Every randomly initialised tensor differs; only constant ones (biases, LayerNorm) agree.
        var differing = a.Zip(b).Where(pair => !Bitwise.Equal(pair.First.Value, pair.Second.Value)).Select(pair => pair.First.Name).ToList();
        Assert.Contains("wordEmbedding.weight", differing);
        Assert.Contains("layers.1.attention.query.weight", differing);
        Assert.Contains("pooler.weight", differing);
        Assert.Contains("mlm.transform.weight", differing);
        Assert.Contains("classification.classifier.weight", differing);
    }

    [Fact]
    public void InitialisationFollowsBert()
    {
        var encoder = Tiny.Build(5);
        var parameters = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.True(parameters["wordEmbedding.weight"][Tiny.PaddingId].eq(0).all().item<bool>());
        Assert.True(parameters["layers.0.attentionNorm.weight"].eq(1).all().item<bool>());
        Assert.True(parameters["layers.0.attentionNorm.bias"].eq(0).all().item<bool>());
        Assert.True(parameters["layers.0.ffnIn.bias"].eq(0).all().item<bool>());
        var std = parameters["layers.0.ffnIn.weight"].std().item<float>();
        Assert.InRange(std, 0.018, 0.022);
    }

    /// <summary>Body and one head of each kind, each created after seeding as the host does.</summary>
    // Parameters of a collected module can be disposed by its finalizer: the modules must outlive the comparison.
    private static readonly List<nn.Module> KeepAlive = [];

    private static List<(string Name, Tensor Value)> Everything(long seed, string norm, string pooling)
    {
        var encoder = Tiny.Build(seed, Tiny.Parameters(norm, pooling));
        var modules = new List<(string, nn.Module)>
        {
            ("", encoder),
            ("mlm.", Tiny.CreateHead(encoder, TargetKind.MaskedLm, seed)),
            ("classification.", Tiny.CreateHead(encoder, TargetKind.Classification, seed)),
            ("regression.", Tiny.CreateHead(encoder, TargetKind.Regression, seed)),
        };
        lock (KeepAlive) KeepAlive.AddRange(modules.Select(m => m.Item2));
        return [.. modules.SelectMany(m => m.Item2.named_parameters().Select(p => (m.Item1 + p.name, (Tensor)p.parameter)))];
    }
}
