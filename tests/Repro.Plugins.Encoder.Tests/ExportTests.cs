using System.Text.Json.Nodes;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class ExportTests
{
    /// <summary>Host tokens of the <see cref="Tiny"/> vocabulary.</summary>
    private static readonly string[] TinyTokens =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Enumerable.Range(5, Tiny.Vocabulary - 5).Select(i => $"w{i}")];

    private static readonly ModelContext Context = new(Tiny.Vocabulary, Tiny.MaxLength, Tiny.PaddingId, TinyTokens);

    private static string Export(BertEncoder body, Head? head, IReadOnlyList<string>? labels = null)
    {
        var folder = Checkpoints.NewFolder();
        var spec = head is null ? null : new HeadSpec(TargetKind.Classification, 3);
        new BertEncoderPlugin().Export(body, head, new ExportContext(Tiny.Parameters(), Context, spec, labels ?? []), folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), TinyTokens); // as the host does
        return folder;
    }

    private static BertEncoder Reload(string folder, string pooling = "pooler")
    {
        var tokens = File.ReadAllLines(Path.Combine(folder, "vocab.txt"));
        return (BertEncoder)new BertEncoderPlugin().Build(new BertEncoderParameters { Pooling = pooling },
            new ModelContext(tokens.Length, Tiny.MaxLength, 0, tokens, folder));
    }

    private static void AssertSameParameters(nn.Module expected, nn.Module actual)
    {
        var a = Tiny.Weights(expected);
        var b = Tiny.Weights(actual);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.True(Bitwise.Equal(kv.Value, b[kv.Key]), kv.Key));
    }

    [Fact]
    public void BertModelExportReloadsBitwise()
    {
        var body = Tiny.Build(3);
        var folder = Export(body, null);

        var names = SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors"));
        Assert.Contains(names.Entries, e => e.Name == "encoder.layer.1.attention.self.query.weight");
        Assert.Contains(names.Entries, e => e.Name == "pooler.dense.weight");
        Assert.Equal("pt", names.Metadata["format"]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("BertModel", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("bert", config["model_type"]!.GetValue<string>());
        Assert.Equal("gelu", config["hidden_act"]!.GetValue<string>());
        Assert.Equal(1e-12, config["layer_norm_eps"]!.GetValue<double>());
        Assert.Equal("pooler", config["repro"]!["pooling"]!.GetValue<string>());
        Assert.Equal(BertEncoderPlugin.Version, config["repro"]!["version"]!.GetValue<string>());

        var reloaded = Reload(folder);
        AssertSameParameters(body, reloaded);
        var batch = Tiny.Batch();
        Assert.True(Bitwise.Equal(Tiny.Run(body, batch.TokenIds, batch.SegmentIds, batch.Padding).Pooled,
            Tiny.Run(reloaded, batch.TokenIds, batch.SegmentIds, batch.Padding).Pooled));
    }

    [Fact]
    public void SequenceClassificationExportReloadsBitwiseAndNamesTheLabels()
    {
        var body = Tiny.Build(4);
        var head = Tiny.CreateHead(body, TargetKind.Classification);
        var folder = Export(body, head, ["neg", "neutral", "pos"]);

        var entries = SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Entries;
        Assert.Contains(entries, e => e.Name == "bert.embeddings.word_embeddings.weight");
        Assert.Contains(entries, e => e.Name == "classifier.weight" && e.Shape.SequenceEqual(new long[] { 3, 32 }));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("BertForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal(3, config["num_labels"]!.GetValue<int>());
        Assert.Equal("neutral", config["id2label"]!["1"]!.GetValue<string>());
        Assert.Equal(2, config["label2id"]!["pos"]!.GetValue<int>());
        Assert.Equal("single_label_classification", config["problem_type"]!.GetValue<string>());

        var reloaded = Reload(folder);
        AssertSameParameters(body, reloaded);
        Assert.Contains(reloaded.Notes, n => n.Contains("classifier.weight"));
    }

    [Fact]
    public void RegressionExportIsSequenceClassificationWithOneLabel()
    {
        var body = Tiny.Build(4);
        var folder = Export(body, Tiny.CreateHead(body, TargetKind.Regression));

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("regression", config["problem_type"]!.GetValue<string>());
        Assert.Equal(1, config["num_labels"]!.GetValue<int>());
        AssertSameParameters(body, Reload(folder));
    }

    [Fact]
    public void MeanPoolingClassifierGoesUnderReproHead()
    {
        var body = Tiny.Build(4, Tiny.Parameters(pooling: "mean"));
        var folder = Export(body, Tiny.CreateHead(body, TargetKind.Classification));

        var entries = SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Entries;
        Assert.Contains(entries, e => e.Name == "repro_head.classifier.weight");
        Assert.DoesNotContain(entries, e => e.Name.StartsWith("pooler."));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("BertModel", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("mean", config["repro"]!["pooling"]!.GetValue<string>());
        Assert.Equal("classification", config["repro"]!["head"]!.GetValue<string>());
        AssertSameParameters(body, Reload(folder, "mean"));
    }

    [Fact]
    public void MaskedLmHeadExportsUnderHuggingFaceNamesAndReloadsIntoANewHead()
    {
        var body = Tiny.Build(5);
        var head = Tiny.CreateHead(body, TargetKind.MaskedLm, seed: 9);
        var folder = Export(body, head);

        var reloaded = Reload(folder);
        AssertSameParameters(body, reloaded);
        AssertSameParameters(head, reloaded.CreateHead(new HeadSpec(TargetKind.MaskedLm, Tiny.Vocabulary)));
    }

    [Fact]
    public void ACheckpointExportedAgainReloadsBitwise()
    {
        var loaded = Checkpoints.Load(Checkpoints.Write(Checkpoints.Tensors(8), Checkpoints.Config("gelu_new")));
        var folder = Checkpoints.NewFolder();
        new BertEncoderPlugin().Export(loaded, null,
            new ExportContext(new BertEncoderParameters(), Checkpoints.Context("unused"), null, []), folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Checkpoints.HostTokens);

        var again = Checkpoints.Load(folder);
        AssertSameParameters(loaded, again);
        Assert.Equal(Activation.GeluTanh, again.Config.Activation);
        Assert.Equal(1e-7, again.Config.LayerNormEps);
    }

    [Fact]
    public void PreLnEncodersAreNotExported()
    {
        var body = Tiny.Build(1, Tiny.Parameters("pre"));

        var error = Assert.Throws<PluginInputException>(() => Export(body, null));
        Assert.Contains("post-LN", error.Message);
    }
}
