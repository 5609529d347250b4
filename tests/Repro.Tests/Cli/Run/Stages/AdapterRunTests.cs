using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// Adapter tuning through the CLI: a model with <c>adapter_size</c>, and a stage that freezes every base weight with
/// <c>*</c> prefixes, trains only the adapters, LayerNorms and head.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class AdapterRunTests(AdapterRunTests.AdaptedRun adapted) : IClassFixture<AdapterRunTests.AdaptedRun>
{
    private const string FreezeTheBase = "[wordEmbedding, positionEmbedding, segmentEmbedding, layers.*.attention, layers.*.ffnIn, layers.*.ffnOut, pooler]";

    /// <summary>The tiny two-stage recipe with adapters, run once for the class: the target stage trains only adapters and LayerNorms.</summary>
    public sealed class AdaptedRun : IDisposable
    {
        private readonly TempDirectory temp = new();
        public string Folder => temp.Path;
        public string Run { get; }

        public AdaptedRun()
        {
            var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage()
                .Replace("dropout: 0.1 }", "dropout: 0.1, adapter_size: 4 }")
                .Replace("    from: pretrain\n", $"    from: pretrain\n    freeze: {FreezeTheBase}\n"));
            var result = Cli.Run(Folder, "run", recipe, "--out", "runs", "--no-cache");
            Assert.True(result.ExitCode == 0, result.ToString());
            Run = Assert.Single(Directory.GetDirectories(Path.Combine(Folder, "runs", "tiny@1.0.0")));
        }

        public void Dispose() => temp.Dispose();
    }

    private static nn.Module Body(string run, string stage)
    {
        var body = TinyEncoder.Build(TinyEncoder.Context(File.ReadAllLines(Path.Combine(run, "vocab.txt"))), adapterSize: 4);
        body.load(Path.Combine(run, "stages", stage, "body.weights"));
        return body;
    }

    [Fact]
    public void AStageThatFreezesTheBaseTrainsOnlyAdaptersAndLayerNorms()
    {
        var resolved = File.ReadAllText(Path.Combine(adapted.Run, "recipe.yaml"));
        Assert.Contains("adapter_size: 4", resolved);
        Assert.Contains("layers.*.attention", resolved);
        using var pretrained = Body(adapted.Run, "pretrain");
        using var tuned = Body(adapted.Run, "target");
        var before = pretrained.state_dict();
        var after = tuned.state_dict();
        var trained = after.Keys.Where(name => !before[name].bytes.SequenceEqual(after[name].bytes)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("layers.0.attentionAdapter.up", trained);
        Assert.Contains("layers.0.ffnAdapter.down", trained);
        Assert.Contains("layers.0.ffnNorm.weight", trained);
        Assert.All(trained, name => Assert.True(name.Contains("Adapter.") || name.Contains("Norm."), $"{name} trained although frozen"));
    }

    [Fact]
    public void AnAdaptedStageIsNotExportedAndTheReasonIsGiven()
    {
        var export = Cli.Run(adapted.Folder, "export", Path.Combine(adapted.Run, "target"), "--out", "exported");

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("adapter_size 4", export.Stderr);
        Assert.DoesNotContain("   at ", export.Stderr);
        Assert.False(Directory.Exists(Path.Combine(adapted.Folder, "exported")));
    }
}
