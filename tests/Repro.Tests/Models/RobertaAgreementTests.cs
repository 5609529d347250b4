using System.Text.Json;
using Repro.Contracts;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// bert-encoder on a RoBERTa folder against tests/reference/roberta.py (plain PyTorch from RoBERTa's definition), on a
/// random-weight checkpoint that the reference writes in the Hugging Face layout and on a padded batch of real UCI
/// sentences tokenized by Repro (byte-level BPE, RoBERTa framing, one pair): last hidden states, masked-LM logits and
/// RobertaForSequenceClassification logits within 1e-4 max-abs; import → export bitwise on every tensor (the word
/// embedding and lm_head.bias row by token) and on the config; the exported folder run by the reference gives the same
/// logits; and the same weights read with BERT's positions (no offset) are caught.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class RobertaAgreementTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly TempDirectory _temp = new();
    private readonly string _folder;
    private readonly Dictionary<string, int> _vocab;
    private readonly TextTokenizer _tokenizer;
    private readonly PluginInfo _plugin;
    private readonly ITestOutputHelper _output;

    public RobertaAgreementTests(ITestOutputHelper output)
    {
        _output = output;
        _folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "roberta")).FullName;
        _vocab = RobertaCheckpoint.Write(_folder, seed: 7);
        _tokenizer = TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.WordPiece, "", 38, 1, true, FromModel: true), [], _folder);
        _plugin = PluginCatalog.Load([Paths.BuiltInPlugins], includeBuiltIns: false).Find("bert-encoder")!;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReprosLogitsMatchTheReference()
    {
        var batch = Batch();
        using var model = Load(_folder);
        var ours = Forward(model, batch);
        var reference = Reference(_folder, batch.CheckpointIds, batch.Mask);

        var (hidden, mlm, classifier) = Differences(batch, ours, reference, HostToCheckpoint());

        _output.WriteLine($"max |Δ| hidden {hidden:E2}, masked-LM logits {mlm:E2}, classification logits {classifier:E2} ({batch.Lengths.Length} sentences, {batch.Lengths.Sum()} tokens)");
        Assert.True(hidden <= Tolerance, $"hidden states differ by {hidden:E3}");
        Assert.True(mlm <= Tolerance, $"masked-LM logits differ by {mlm:E3}");
        Assert.True(classifier <= Tolerance, $"classification logits differ by {classifier:E3}");
    }

    [Fact]
    public void ImportThenExportIsBitwiseOnEveryTensorAndTheConfig()
    {
        using var model = Load(_folder);
        var (classification, maskedLm) = Export(model);
        var source = SafeTensors.Read(Path.Combine(_folder, "model.safetensors"));
        var rows = tensor(HostToCheckpoint());

        var exported = SafeTensors.Read(Path.Combine(classification, "model.safetensors"))
            .Concat(SafeTensors.Read(Path.Combine(maskedLm, "model.safetensors"))).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);

        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in source)
        {
            var expected = name is "roberta.embeddings.word_embeddings.weight" or "lm_head.bias" ? value.index_select(0, rows) : value;
            Assert.True(expected.shape.SequenceEqual(exported[name].shape) && Bits(expected).SequenceEqual(Bits(exported[name])), $"{name} is not the imported tensor, bit for bit");
        }
        var sourceConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json"))).RootElement;
        foreach (var folder in new[] { classification, maskedLm })
        {
            var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement;
            foreach (var field in sourceConfig.EnumerateObject().Where(f => f.Name is not ("architectures" or "bos_token_id" or "eos_token_id")))
                Assert.True(config.TryGetProperty(field.Name, out var value) && SameValue(value, field.Value),
                    $"{folder}/config.json: {field.Name} is {(config.TryGetProperty(field.Name, out var v) ? v.GetRawText() : "missing")}, not {field.Value.GetRawText()}");
        }
        Assert.Equal("RobertaForSequenceClassification", JsonDocument.Parse(File.ReadAllText(Path.Combine(classification, "config.json"))).RootElement.GetProperty("architectures")[0].GetString());
        Assert.Equal("RobertaForMaskedLM", JsonDocument.Parse(File.ReadAllText(Path.Combine(maskedLm, "config.json"))).RootElement.GetProperty("architectures")[0].GetString());
    }

    [Fact]
    public void TheExportedFolderRunByTheReferenceGivesTheSameLogits()
    {
        var batch = Batch();
        using var model = Load(_folder);
        var (classification, maskedLm) = Export(model);
        var original = Reference(_folder, batch.CheckpointIds, batch.Mask);
        // The exported rows are in host id order, so the reference reads host ids; padding is host <pad> (0).
        var fromClassification = Reference(classification, batch.HostIds, batch.Mask);
        var fromMaskedLm = Reference(maskedLm, batch.HostIds, batch.Mask);
        var exported = new Dictionary<string, double[]>
        {
            ["hidden"] = fromClassification["hidden"], ["classifier"] = fromClassification["classifier"], ["mlm"] = fromMaskedLm["mlm"],
        };

        var (hidden, mlm, classifier) = Differences(batch, exported, original, HostToCheckpoint());

        _output.WriteLine($"exported vs original, both by the reference: max |Δ| hidden {hidden:E2}, masked-LM {mlm:E2}, classification {classifier:E2}");
        Assert.True(Math.Max(hidden, Math.Max(mlm, classifier)) <= Tolerance, $"the exported folder gives other logits: {hidden:E3} {mlm:E3} {classifier:E3}");
    }

    [Fact]
    public void AMissingPositionOffsetIsCaught()
    {
        // The same weights and tokens read as BERT: positions 0, 1, 2, … instead of pad_token_id + 1 onwards.
        var bert = Directory.CreateDirectory(Path.Combine(_temp.Path, "as-bert")).FullName;
        var config = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(_folder, "config.json")))!;
        config["model_type"] = JsonDocument.Parse("\"bert\"").RootElement;
        File.WriteAllText(Path.Combine(bert, "config.json"), JsonSerializer.Serialize(config));
        SafeTensors.Write(Path.Combine(bert, "model.safetensors"), SafeTensors.Read(Path.Combine(_folder, "model.safetensors"))
            .Where(kv => !kv.Key.StartsWith("lm_head.", StringComparison.Ordinal))
            .Select(kv => KeyValuePair.Create(kv.Key.Replace("roberta.", "bert."), kv.Value)));
        File.WriteAllLines(Path.Combine(bert, "vocab.txt"), _vocab.OrderBy(kv => kv.Value).Select(kv => kv.Key));
        var batch = Batch();
        using var model = Load(bert, roberta: false);
        var reference = Reference(_folder, batch.CheckpointIds, batch.Mask);

        var (hidden, _, classifier) = Differences(batch, Forward(model, batch), reference, HostToCheckpoint());

        _output.WriteLine($"without the position offset: max |Δ| hidden {hidden:E2}, classification {classifier:E2}");
        Assert.True(hidden > Tolerance, $"positions without RoBERTa's offset went unnoticed (max-abs {hidden:E3})");
    }

    /// <summary>Five UCI sentences and one pair, framed by Repro's RoBERTa tokenizer, padded to the longest.</summary>
    private EncodedBatch Batch()
    {
        var texts = new[] { "amazon", "imdb", "yelp" }.SelectMany(d => HfReference.UciSentences(d).Take(2)).ToList();
        var examples = texts.Take(5).Select((t, i) => new Example($"s{i}", t)).Append(new Example("p", texts[5], "A short second text.")).ToList();
        var encoded = examples.Select(_tokenizer.Encode).ToList();
        var length = encoded.Max(e => e.Ids.Length);
        var host = new long[encoded.Count, length];
        var checkpoint = new long[encoded.Count, length];
        var mask = new long[encoded.Count, length];
        var rows = HostToCheckpoint();
        for (var b = 0; b < encoded.Count; b++)
            for (var t = 0; t < length; t++)
            {
                var real = t < encoded[b].Ids.Length;
                host[b, t] = real ? encoded[b].Ids[t] : Vocabulary.Pad;
                checkpoint[b, t] = real ? rows[encoded[b].Ids[t]] : _vocab["<pad>"];
                mask[b, t] = real ? 1 : 0;
            }
        Assert.Contains(encoded, e => e.Ids.Length < length); // padding is exercised
        return new EncodedBatch(host, checkpoint, mask, [.. encoded.Select(e => e.Ids.Length)]);
    }

    private long[] HostToCheckpoint() => [.. _tokenizer.Tokens.Select(t => (long)_vocab[t])];

    /// <summary>
    /// bert-encoder on <paramref name="folder"/> (pooling cls: RoBERTa has no pooler) in eval mode, its masked-LM head and
    /// its classification head with the checkpoint's classifier; a folder read as BERT gets neither (only its states count).
    /// </summary>
    private LoadedModel Load(string folder, bool roberta = true)
    {
        var parameters = _plugin.CreateDefaultParameters();
        parameters.GetType().GetProperty("Pooling")!.SetValue(parameters, "cls");
        var context = new ModelContext(_tokenizer.VocabularySize, _tokenizer.MaxLength, Vocabulary.Pad, _tokenizer.Tokens, folder);
        var encoder = ((IModelPlugin)_plugin.Instance).Build(parameters, context);
        var mlm = roberta ? encoder.CreateHead(new HeadSpec(TargetKind.MaskedLm, _tokenizer.VocabularySize)) : null;
        var classifier = encoder.CreateHead(new HeadSpec(TargetKind.Classification, 3));
        var stored = SafeTensors.Read(Path.Combine(folder, "model.safetensors"));
        using (no_grad())
            foreach (var (name, parameter) in roberta ? classifier.named_parameters() : [])
                parameter.copy_(stored["classifier." + name]);
        encoder.eval();
        mlm?.eval();
        classifier.eval();
        return new LoadedModel(encoder, mlm, classifier, parameters, context);
    }

    /// <summary>Exports body + classification head and body + masked-LM head; returns the two folders.</summary>
    private (string Classification, string MaskedLm) Export(LoadedModel model)
    {
        var plugin = (ICheckpointModelPlugin)_plugin.Instance;
        var classification = Path.Combine(_temp.Path, "exported-classification");
        var maskedLm = Path.Combine(_temp.Path, "exported-mlm");
        plugin.Export(model.Encoder, model.Classifier, new ExportContext(model.Parameters, model.Context, new HeadSpec(TargetKind.Classification, 3), ["a", "b", "c"]), classification);
        plugin.Export(model.Encoder, model.MaskedLm, new ExportContext(model.Parameters, model.Context, new HeadSpec(TargetKind.MaskedLm, _tokenizer.VocabularySize), []), maskedLm);
        return (classification, maskedLm);
    }

    private static Dictionary<string, double[]> Forward(LoadedModel model, EncodedBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(batch.HostIds);
        var padding = tensor(batch.Mask).eq(0);
        var states = model.Encoder.Encode(model.Encoder.Embed(ids, zeros_like(ids)), padding);
        var pooled = model.Encoder.Pool(states, padding);
        var result = new Dictionary<string, double[]>
        {
            ["hidden"] = Values(states), ["classifier"] = Values(model.Classifier.Predict(states, pooled)),
        };
        if (model.MaskedLm is not null) result["mlm"] = Values(model.MaskedLm.Predict(states, pooled));
        return result;
    }

    /// <summary>The same JSON value: numbers by value (1e-05 and 1E-05 are one double), the rest by text.</summary>
    private static bool SameValue(JsonElement a, JsonElement b) =>
        a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number ? a.GetDouble() == b.GetDouble() : a.GetRawText() == b.GetRawText();

    private static int[] Bits(Tensor t) => [.. t.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)];

    private static double[] Values(Tensor t) => [.. t.to(ScalarType.Float64).data<double>()];

    private static Dictionary<string, double[]> Reference(string folder, long[,] ids, long[,] mask) =>
        PythonReference.Run<Dictionary<string, double[]>>("roberta.py", ["forward", folder], new { ids = Rows(ids), mask = Rows(mask) });

    private static long[][] Rows(long[,] values) =>
        [.. Enumerable.Range(0, values.GetLength(0)).Select(b => Enumerable.Range(0, values.GetLength(1)).Select(t => values[b, t]).ToArray())];

    /// <summary>
    /// Max-abs differences at real positions: hidden states, masked-LM logits (ours in host id order, theirs in the original
    /// checkpoint's row order, matched through <paramref name="rows"/>), classification logits.
    /// </summary>
    private static (double Hidden, double MaskedLm, double Classifier) Differences(EncodedBatch batch, Dictionary<string, double[]> ours, Dictionary<string, double[]> theirs, long[] rows)
    {
        var (count, length) = (batch.Lengths.Length, batch.HostIds.GetLength(1));
        var hiddenSize = ours["hidden"].Length / (count * length);
        double hidden = 0, mlm = 0, classifier = 0;
        var vocabulary = rows.Length;
        theirs.TryGetValue("mlm", out var theirMlm);
        for (var b = 0; b < count; b++)
            for (var t = 0; t < batch.Lengths[b]; t++)
            {
                var at = b * length + t;
                for (var d = 0; d < hiddenSize; d++) hidden = Math.Max(hidden, Math.Abs(ours["hidden"][at * hiddenSize + d] - theirs["hidden"][at * hiddenSize + d]));
                if (ours.TryGetValue("mlm", out var ourMlm) && theirMlm is not null)
                    for (var h = 0; h < vocabulary; h++)
                        mlm = Math.Max(mlm, Math.Abs(ourMlm[at * vocabulary + h] - theirMlm[at * vocabulary + rows[h]]));
            }
        for (var i = 0; i < ours["classifier"].Length; i++) classifier = Math.Max(classifier, Math.Abs(ours["classifier"][i] - theirs["classifier"][i]));
        return (hidden, mlm, classifier);
    }

    private sealed record EncodedBatch(long[,] HostIds, long[,] CheckpointIds, long[,] Mask, int[] Lengths);

    private sealed record LoadedModel(Repro.Contracts.Encoder Encoder, Head? MaskedLm, Head Classifier, object Parameters, ModelContext Context) : IDisposable
    {
        public void Dispose()
        {
            MaskedLm?.Dispose();
            Classifier.Dispose();
            Encoder.Dispose();
        }
    }
}
