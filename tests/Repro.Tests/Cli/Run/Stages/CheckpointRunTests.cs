using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// Checkpoints through the CLI: <c>repro export</c> writes a Hugging Face folder that loads back bitwise; a recipe fine-tunes
/// from it; and every broken checkpoint is refused with exit 2, the tensor or field named, no stack trace and no run directory.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class CheckpointRunTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string exported;
    private readonly string run;

    public CheckpointRunTests()
    {
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");
        Assert.True(result.ExitCode == 0, result.ToString());
        run = Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Single();
        exported = Path.Combine(temp.Path, "exported");
        var export = Cli.Run(temp.Path, "export", Path.Combine(run, "target"), "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ExportWritesASequenceClassificationFolderThatLoadsBackBitwise()
    {
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "repro-export.json" })
            Assert.True(File.Exists(Path.Combine(exported, file)), file);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "config.json")))!;
        Assert.Equal("BertForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("topic-1", config["id2label"]!["1"]!.GetValue<string>());
        Assert.Equal(File.ReadAllLines(Path.Combine(run, "vocab.txt")), File.ReadAllLines(Path.Combine(exported, "vocab.txt")));

        // The exported folder, loaded as a checkpoint with its own vocabulary, holds exactly the run's weights.
        var fresh = TinyEncoder.Context(File.ReadAllLines(Path.Combine(exported, "vocab.txt")));
        using var original = TinyEncoder.Build(fresh);
        original.load(Path.Combine(run, "stages", "target", "body.weights"));
        using var loaded = TinyEncoder.Build(fresh with { Checkpoint = exported });
        var expected = original.state_dict();
        var actual = loaded.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.bytes.SequenceEqual(actual[name].bytes), $"{name} differs after export and load");
    }

    [Fact]
    public void ARecipeFineTunesFromTheExportedCheckpointWithItsTokenizer()
    {
        var recipe = temp.Write("from-checkpoint.yaml", FromCheckpoint());
        var result = Cli.Run(temp.Path, "run", recipe, "--out", "again");
        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(temp.Path, "again"), "manifest.json", SearchOption.AllDirectories).Single()))!;
        var checkpoint = manifest["checkpoints"]![0]!;
        Assert.Equal("recipe.model", checkpoint["component"]!.GetValue<string>());
        Assert.Contains(checkpoint["files"]!.AsArray(), f => f!["path"]!.GetValue<string>() == "model.safetensors" && f["sha256"]!.GetValue<string>().Length == 64);
        // The checkpoint's classifier is not the new task's head: it is named as left unused.
        Assert.Contains("classifier", manifest["stages"]!["tune"]!["model_notes"]!.ToJsonString());
        Assert.Equal("wordpiece", manifest["tokenizer"]!["type"]!.GetValue<string>());

        // The finished stage predicts new text with the run's own tokenizer, body and head.
        var tune = Path.Combine(Path.GetDirectoryName(Directory.GetFiles(Path.Combine(temp.Path, "again"), "manifest.json", SearchOption.AllDirectories).Single())!, "tune");
        var predict = Cli.Run(temp.Path, "predict", tune, "--text", "a b c", "--text", "d e");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var lines = predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("topic-", l["label"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Equal(2, l["ids"]!.AsArray()[0]!.GetValue<long>()));   // [CLS]
    }

    [Fact]
    public void PredictRefusesATokenizerMadeFromTrainingText()
    {
        var result = Cli.Run(temp.Path, "predict", Path.Combine(run, "target"), "--text", "a b");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was made from its training text", result.Stderr);
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "missing-tensor", "encoder.layer.0.output.dense.weight" },
        { "wrong-shape", "embeddings.position_embeddings.weight" },
        { "activation", "hidden_act" },
        { "model-type", "model_type" },
        { "corrupt-header", "corrupt safetensors header" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void ABrokenCheckpointIsBadInputNamedBeforeAnythingIsWritten(string breakage, string named)
    {
        Break(breakage);
        var recipe = temp.Write("from-checkpoint.yaml", FromCheckpoint());
        var result = Cli.Run(temp.Path, "run", recipe, "--out", "broken");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.Matches(@"from-checkpoint\.yaml:6:\d+: recipe\.model: ", result.Stderr);   // at the checkpoint's line
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "broken", "checkpoint-tune@1.0.0")) &&
                     Directory.EnumerateFileSystemEntries(Path.Combine(temp.Path, "broken", "checkpoint-tune@1.0.0")).Any(),
            "a run directory was created for a run that could not start");
    }

    [Fact]
    public void ACheckpointFolderThatDoesNotExistIsReportedAtItsLine()
    {
        var recipe = temp.Write("from-checkpoint.yaml", FromCheckpoint().Replace("checkpoint: exported", "checkpoint: no-such-model"));
        var result = Cli.Run(temp.Path, "describe", recipe);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"from-checkpoint\.yaml:6:\d+: recipe\.model\.checkpoint: model .no-such-model. is neither a folder", result.Stderr);
    }

    private void Break(string breakage)
    {
        var weights = Path.Combine(exported, "model.safetensors");
        var configPath = Path.Combine(exported, "config.json");
        switch (breakage)
        {
            case "missing-tensor" or "wrong-shape":
            {
                var tensors = SafeTensors.Read(weights);
                if (breakage == "missing-tensor") tensors.Remove("bert.encoder.layer.0.output.dense.weight");
                else tensors["bert.embeddings.position_embeddings.weight"] = zeros(7, 16);
                SafeTensors.Write(weights, tensors);
                break;
            }
            case "activation" or "model-type":
            {
                var config = JsonNode.Parse(File.ReadAllText(configPath))!;
                if (breakage == "activation") config["hidden_act"] = "swish";
                else config["model_type"] = "t5";
                File.WriteAllText(configPath, config.ToJsonString());
                break;
            }
            case "corrupt-header":
            {
                using var file = File.OpenWrite(weights);
                file.Write(BitConverter.GetBytes(long.MaxValue / 2));
                break;
            }
        }
    }

    internal static string FromCheckpoint() => """
        name: checkpoint-tune
        version: 1.0.0
        seed: 3
        threads: 1
        tokenizer: { from: model, max_length: 24 }
        model: { plugin: bert-encoder, checkpoint: exported }
        stages:
          tune:
            kind: finetune
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 4
            batch_size: 8
        """;
}
