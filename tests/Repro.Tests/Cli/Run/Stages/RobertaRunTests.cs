using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// A RoBERTa folder through the CLI: <c>tokenizer: { from: model }</c> reads its vocab.json and merges.txt with RoBERTa's
/// framing (recorded in the manifest), the recipe fine-tunes it with RobertaForSequenceClassification's head, and
/// <c>repro export</c> writes a folder Hugging Face's RobertaTokenizer and RobertaForSequenceClassification can load,
/// which the reference (tests/reference/roberta.py) runs to the logits the reference gives the original on the same tokens.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RobertaRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ARobertaFolderFineTunesAndExportsWithItsTokenizerFiles()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "roberta")).FullName;
        var vocab = RobertaCheckpoint.Write(folder, seed: 3);
        var recipe = _temp.Write("roberta.yaml", """
            name: roberta
            version: 1.0.0
            seed: 1
            threads: 1
            tokenizer: { from: model, max_length: 24 }
            model: { plugin: bert-encoder, checkpoint: roberta, params: { pooling: cls } }
            stages:
              ft:
                kind: finetune
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 20, test_size: 20 } }
                optimizer: { type: adamw, lr: 1.0e-3 }
                steps: 3
                batch_size: 4
            """);

        var result = Cli.Run(_temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Directory.GetDirectories(Path.Combine(_temp.Path, "runs", "roberta@1.0.0")).Single();
        var tokenizer = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["tokenizer"]!;
        Assert.Equal(("bytelevel_bpe", "roberta", vocab.Count), ((string?)tokenizer["type"], (string?)tokenizer["framing"], (int)tokenizer["vocabulary_size"]!));
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "<mask>"], File.ReadLines(Path.Combine(run, "vocab.txt")).Take(5));

        var exported = Path.Combine(_temp.Path, "exported");
        var export = Cli.Run(_temp.Path, "export", Path.Combine(run, "ft"), "--out", exported);

        Assert.True(export.ExitCode == 0, export.ToString());
        var tokens = File.ReadAllLines(Path.Combine(run, "vocab.txt"));
        var exportedVocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(exported, "vocab.json")))!;
        Assert.Equal(tokens.Select((t, i) => (t, i)), exportedVocab.OrderBy(kv => kv.Value).Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "merges.txt")), File.ReadAllText(Path.Combine(exported, "merges.txt")));
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "tokenizer_config.json")))!;
        Assert.Equal(("RobertaTokenizer", "<s>", "</s>", "<pad>", "<mask>"),
            ((string?)settings["tokenizer_class"], (string?)settings["bos_token"], (string?)settings["eos_token"], (string?)settings["pad_token"], (string?)settings["mask_token"]));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "config.json")))!;
        Assert.Equal(("roberta", "RobertaForSequenceClassification", 1), ((string?)config["model_type"], (string?)config["architectures"]![0], (int)config["pad_token_id"]!));

        // The reference runs the exported folder: "<s> the.</s>" by the exported vocabulary gives finite logits, one per class.
        long[] ids = [exportedVocab["<s>"], exportedVocab["Ġthe"], exportedVocab["."], exportedVocab["</s>"]];
        var logits = PythonReference.Run<Dictionary<string, double[]>>("roberta.py", ["forward", exported], new { ids = new[] { ids }, mask = new[] { ids.Select(_ => 1L).ToArray() } });
        Assert.Equal((int)config["num_labels"]!, logits["classifier"].Length);
        Assert.All(logits["classifier"], x => Assert.True(double.IsFinite(x)));
    }
}
