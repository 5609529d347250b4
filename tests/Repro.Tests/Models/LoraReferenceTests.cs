using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine.Models;
using Repro.Engine.Recipes;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// LoRA against an independent implementation (<c>tests/reference/lora.py</c>, plain PyTorch in float64 from the BERT and
/// LoRA definitions and PEFT's layout): the reference writes a tiny random BERT folder, a recipe fine-tunes it with
/// <c>lora:</c> (so B is no longer zero), <c>repro export</c> writes the PEFT adapter and <c>--merge</c> the merged folder; the
/// reference's logits for a padded batch of sentences, from base + adapter unmerged, merged, and from the merged folder, agree
/// with Repro's within 1e-5 max-abs: its hooked (unmerged) forward and <c>repro predict</c> (the stage's merged body). A
/// reference that leaves out alpha / r, or exchanges A and B, is caught.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class LoraReferenceTests(LoraReferenceTests.Exported exported) : IClassFixture<LoraReferenceTests.Exported>
{
    private const double Tolerance = 1e-5;
    private static readonly LoraSpec Spec = new(4, 8, 0.1, ["layers.*.attention.query", "layers.*.attention.value", "layers.*.ffnOut", "pooler"]);
    private static readonly string[] Sentences = ["the good film", "a bad dog ran far on the big mat", "red trees", "the cat sat"];

    /// <summary>The base folder, the LoRA run, its PEFT and merged exports and its predictions, made once for the class.</summary>
    public sealed class Exported : IDisposable
    {
        private readonly TempDirectory temp = new();
        public string Folder => temp.Path;
        public string Base => Path.Combine(Folder, "base");
        public string Run { get; }
        public IReadOnlyList<(long[] Ids, float[] Logits)> Predicted { get; }

        public Exported()
        {
            PythonReference.Run<JsonObject>("lora.py", ["write-base", Base, "1"], new { });
            temp.Write("train.csv", "text,label\nthe good film,1\na bad film,0\nthe great film,1\nthe awful film,0\na nice house,1\na poor house,0\n" +
                                    "the fine tree,1\nthe weak tree,0\na good cat sat on the mat,1\na bad dog ran far,0\nbig red houses,1\nsmall blue trees,0\n");
            temp.Write("dev.csv", "text,label\nnice film,1\nweak film,0\n");
            var recipe = temp.Write("lora.yaml", $$"""
                name: lora-reference
                version: 1.0.0
                seed: 3
                threads: 1
                tokenizer: { from: model, max_length: 24 }
                model: { plugin: bert-encoder, checkpoint: base }
                stages:
                  tune:
                    kind: finetune
                    task: { plugin: file-classification, params: { train: train.csv, dev: dev.csv } }
                    lora: { rank: {{Spec.Rank}}, alpha: {{Spec.Alpha}}, dropout: {{Spec.Dropout}}, targets: [{{string.Join(", ", Spec.Targets)}}] }
                    optimizer: { type: adamw, lr: 0.05 }
                    steps: 6
                    batch_size: 4
                """);
            Assert.True(Cli.Run(Folder, "run", recipe, "--out", "runs", "--no-cache") is { ExitCode: 0 } run, "the LoRA run");
            Run = Directory.GetDirectories(Path.Combine(Folder, "runs", "lora-reference@1.0.0")).Single();
            var tune = Path.Combine(Run, "tune");
            Assert.True(Cli.Run(Folder, "export", tune, "--out", "peft") is { ExitCode: 0 }, "the PEFT export");
            Assert.True(Cli.Run(Folder, "export", tune, "--out", "merged", "--merge") is { ExitCode: 0 }, "the merged export");
            var predict = Cli.Run(Folder, ["predict", tune, .. Sentences.SelectMany(s => new[] { "--text", s })]);
            Assert.True(predict.ExitCode == 0, predict.ToString());
            Predicted = [.. predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l))
                .Select(l => (l!["ids"]!.AsArray().Select(i => i!.GetValue<long>()).ToArray(), l["logits"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray()))];
        }

        public void Dispose() => temp.Dispose();
    }

    private Dictionary<string, double[][]> Reference(string? broken = null) => PythonReference.Run<Dictionary<string, double[][]>>("lora.py", ["logits"], new Dictionary<string, object?>
    {
        ["base"] = exported.Base, ["adapter"] = Path.Combine(exported.Folder, "peft"), ["merged"] = Path.Combine(exported.Folder, "merged"),
        ["run_vocab"] = Path.Combine(exported.Run, "vocab.txt"), ["inputs"] = exported.Predicted.Select(p => p.Ids).ToArray(), ["break"] = broken,
    });

    /// <summary>Repro's own unmerged forward: the base folder loaded, the stage's adapters hooked on, its head, one padded batch.</summary>
    private float[][] HookedLogits()
    {
        var tokens = File.ReadAllLines(Path.Combine(exported.Run, "vocab.txt"));
        using var body = TinyEncoder.Build(new ModelContext(tokens.Length, TinyEncoder.MaxLength, 0, tokens, exported.Base));
        using var lora = LoraLayers.Attach(body, Spec, seed: 0);
        lora.load(Path.Combine(exported.Run, "stages", "tune", Repro.Engine.Training.Checkpoints.Lora));
        using var head = body.CreateHead(new HeadSpec(TargetKind.Classification, 2));
        head.load(Path.Combine(exported.Run, "stages", "tune", "head.weights"));
        body.eval();
        head.eval();
        var length = exported.Predicted.Max(p => p.Ids.Length);
        using var ids = tensor(exported.Predicted.SelectMany(p => p.Ids.Concat(Enumerable.Repeat(0L, length - p.Ids.Length))).ToArray()).view(-1, length);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var padding = ids.eq(0);
        var states = body.Encode(body.Embed(ids, zeros_like(ids)), padding);
        var logits = head.Predict(states, body.Pool(states, padding));
        return [.. Enumerable.Range(0, exported.Predicted.Count).Select(i => logits[i].data<float>().ToArray())];
    }

    private static double MaxAbs(IEnumerable<float[]> repro, double[][] reference) =>
        repro.Zip(reference).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();

    [Fact]
    public void TheAdapterIsWrittenInPeftsLayoutWithTheModulesHuggingFaceNames()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(exported.Folder, "peft", "adapter_config.json")))!;
        Assert.Equal("LORA", config["peft_type"]!.GetValue<string>());
        Assert.Equal((4, 8.0, 0.1), (config["r"]!.GetValue<int>(), config["lora_alpha"]!.GetValue<double>(), config["lora_dropout"]!.GetValue<double>()));
        Assert.Equal(exported.Base, config["base_model_name_or_path"]!.GetValue<string>());
        var targets = config["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.value", "bert.encoder.layer.0.output.dense",
            "bert.encoder.layer.1.attention.self.query", "bert.encoder.layer.1.attention.self.value", "bert.encoder.layer.1.output.dense", "bert.pooler.dense"], targets);
        var names = SafeTensors.ReadHeader(Path.Combine(exported.Folder, "peft", "adapter_model.safetensors")).Entries.ToDictionary(e => e.Name, e => e.Shape);
        Assert.Equal([4, 32], names["base_model.model.bert.encoder.layer.1.output.dense.lora_A.weight"]);
        Assert.Equal([16, 4], names["base_model.model.bert.encoder.layer.1.output.dense.lora_B.weight"]);
        Assert.Contains("base_model.model.classifier.weight", names.Keys);
    }

    [Fact]
    public void ReproAndTheReferenceAgreeUnmergedMergedAndFromTheMergedFolder()
    {
        var reference = Reference();
        var hooked = HookedLogits();
        var predicted = exported.Predicted.Select(p => p.Logits).ToList();

        Assert.True(MaxAbs(hooked, reference["unmerged"]) < Tolerance, $"hooked vs reference unmerged: {MaxAbs(hooked, reference["unmerged"]):e2}");
        Assert.True(MaxAbs(predicted, reference["merged"]) < Tolerance, $"repro predict vs reference merged: {MaxAbs(predicted, reference["merged"]):e2}");
        Assert.True(MaxAbs(predicted, reference["merged_folder"]) < Tolerance, $"repro predict vs the --merge folder: {MaxAbs(predicted, reference["merged_folder"]):e2}");
        Assert.True(MaxAbs(hooked, reference["merged"]) < Tolerance, $"hooked vs reference merged: {MaxAbs(hooked, reference["merged"]):e2}");
    }

    [Theory]
    [InlineData("scale")]
    [InlineData("swap")]
    public void AReferenceThatGetsLoraWrongIsCaught(string broken)
    {
        var wrong = Reference(broken);
        Assert.True(MaxAbs(HookedLogits(), wrong["unmerged"]) > 100 * Tolerance, $"{broken}: the gate did not fail");
        Assert.True(MaxAbs(exported.Predicted.Select(p => p.Logits), wrong["merged"]) > 100 * Tolerance, $"{broken}: the merged gate did not fail");
    }
}
