using Repro.Engine.Models;
using Repro.Engine.Recipes;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// LoRA through the CLI: a stage with <c>lora:</c> trains its adapters and head only, saves the factors beside a body with the
/// update merged in, and a target that names no Linear layer is refused at its recipe line.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class LoraRunTests(LoraRunTests.AdaptedRun adapted) : IClassFixture<LoraRunTests.AdaptedRun>
{
    private const string Lora = "    lora: { rank: 2, alpha: 4, dropout: 0.1, targets: [layers.*.attention.query, layers.*.attention.value] }\n";
    internal static readonly LoraSpec Spec = new(2, 4, 0.1, ["layers.*.attention.query", "layers.*.attention.value"]);

    /// <summary>The tiny two-stage recipe whose target stage is a LoRA stage, run once for the class.</summary>
    public sealed class AdaptedRun : IDisposable
    {
        private readonly TempDirectory temp = new();
        public string Folder => temp.Path;
        public string Run { get; }

        public AdaptedRun()
        {
            var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("    from: pretrain\n", "    from: pretrain\n" + Lora));
            var result = Cli.Run(Folder, "run", recipe, "--out", "runs", "--no-cache");
            Assert.True(result.ExitCode == 0, result.ToString());
            Run = Assert.Single(Directory.GetDirectories(Path.Combine(Folder, "runs", "tiny@1.0.0")));
        }

        public void Dispose() => temp.Dispose();
    }

    private static nn.Module Body(string run, string stage)
    {
        var body = TinyEncoder.Build(TinyEncoder.Context(File.ReadAllLines(Path.Combine(run, "vocab.txt"))));
        body.load(Path.Combine(run, "stages", stage, "body.weights"));
        return body;
    }

    [Fact]
    public void TheSavedBodyIsTheUpstreamBodyWithTheTrainedUpdateMergedAndNothingElseChanged()
    {
        Assert.Contains("    lora:\n      rank: 2\n      alpha: 4\n      dropout: 0.1\n      targets: [layers.*.attention.query, layers.*.attention.value]\n",
            File.ReadAllText(Path.Combine(adapted.Run, "recipe.yaml")), StringComparison.Ordinal);
        using var pretrained = Body(adapted.Run, "pretrain");
        using var tuned = Body(adapted.Run, "target");
        using var lora = LoraLayers.Attach(pretrained, Spec, seed: 0);
        lora.load(Path.Combine(adapted.Run, "stages", "target", "lora.weights"));
        Assert.All(lora.Layers, l => Assert.True(l.B.abs().sum().item<float>() > 0, $"{l.Name}: B did not train"));
        lora.MergeAndDetach();

        var expected = pretrained.state_dict();
        var saved = tuned.state_dict();
        Assert.Equal(expected.Keys.Order(), saved.Keys.Order());
        Assert.All(expected.Keys, name => Assert.True(expected[name].bytes.SequenceEqual(saved[name].bytes), $"{name} differs from the pretrained weight plus its merged update"));
    }

    [Fact]
    public void TheAdapterOfAStageThatStartsFromAnotherStageNamesThatStageAsItsBase()
    {
        var export = Cli.Run(adapted.Folder, "export", Path.Combine(adapted.Run, "target"), "--out", "peft");

        Assert.True(export.ExitCode == 0, export.ToString());
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(adapted.Folder, "peft", "adapter_config.json")))!;
        Assert.Null(config["base_model_name_or_path"]);
        Assert.Contains("the body of stage 'pretrain'", File.ReadAllText(Path.Combine(adapted.Folder, "peft", "repro-export.json")));
    }

    [Fact]
    public void AKilledLoraStageResumesToIdenticalResults()
    {
        using var temp = new TempDirectory();
        // The checkpoint holds the adapters' factors: a resume that lost them would start B from zero again.
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("    from: pretrain\n", "    from: pretrain\n" + Lora + "    checkpoint_every: 20\n")
            .Replace("    steps: 10\n", "    steps: 300\n"));
        KilledRun.ResumesToIdenticalResults(temp.Path, recipe, "target");
    }

    [Fact]
    public void MergeIsRefusedForAStageWithoutLora()
    {
        var export = Cli.Run(adapted.Folder, "export", Path.Combine(adapted.Run, "pretrain"), "--out", "nothing", "--merge");

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("--merge: stage 'pretrain'", export.Stderr);
        Assert.Contains("has no lora: adapters to merge", export.Stderr);
        Assert.DoesNotContain("   at ", export.Stderr);
        Assert.False(Directory.Exists(Path.Combine(adapted.Folder, "nothing")));
    }

    [Fact]
    public void ATargetThatNamesNoLinearLayerIsRefusedAtItsLine()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage().Replace("    from: pretrain\n", "    from: pretrain\n" + Lora.Replace("layers.*.attention.value", "layers.*.attentionNorm")));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Refusal.AssertBeforeWriting(temp, result, "stages.target.lora.targets: 'layers.*.attentionNorm' names no Linear layer of the bert-encoder body");
        Assert.Contains("tiny.yaml:", result.Stderr);
    }
}
