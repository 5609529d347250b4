using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Tests.Shared;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders.Tests;

/// <summary>Folders written by the exporter reload to the same model, sharded or not; broken ones are refused by file and tensor or field.</summary>
[Trait("Category", "Unit")]
public sealed class CheckpointFolderTests : IDisposable
{
    private static readonly string[] Tokens = [.. Enumerable.Range(0, Tiny.Vocabulary).Select(i => $"w{i}")];
    private readonly TempFolder temp = new();

    [Theory]
    [InlineData("gpt2", false)]
    [InlineData("llama", false)]
    [InlineData("gpt2", true)]
    [InlineData("llama", true)]
    public void AnExportedFolderReloadsToTheSameStates(string layout, bool sharded)
    {
        using var decoder = Tiny.Decoder(layout, seed: 3);
        var folder = Export(decoder, layout);
        if (sharded) Shard(folder);
        using var reloaded = Load(folder);
        var (ids, padding) = Tiny.Batch([[1, 2, 3, 4], [5, 6]]);
        Assert.Equal(0f, Tiny.MaxAbs(Tiny.States(decoder, ids, padding), Tiny.States(reloaded, ids, padding)));
    }

    [Fact]
    public void AConv1DWeightStoredAsALinearIsRefusedNamingTheFileAndTensor()
    {
        using var decoder = Tiny.Decoder("gpt2");
        var folder = Export(decoder, "gpt2");
        var weights = Path.Combine(folder, "model.safetensors");
        var tensors = SafeTensors.Read(weights);
        tensors["transformer.h.0.attn.c_attn.weight"] = tensors["transformer.h.0.attn.c_attn.weight"].t().contiguous();
        SafeTensors.Write(weights, tensors);
        var error = Assert.Throws<PluginInputException>(() => Load(folder));
        Assert.Contains(weights, error.Message);
        Assert.Contains("'transformer.h.0.attn.c_attn.weight' has shape [48, 16], expected [16, 48]", error.Message);
        Assert.Contains("Conv1D", error.Message);
    }

    [Theory]
    [InlineData("model_type", "\"t5\"", "model_type 't5' is not supported by causal-decoder")]
    [InlineData("rope_scaling", "{\"type\": \"linear\", \"factor\": 2.0}", "rope_scaling is not supported")]
    [InlineData("num_key_value_heads", "3", "num_key_value_heads (3) does not divide num_attention_heads (4)")]
    public void AConfigThisDecoderCannotComputeIsRefusedByField(string field, string value, string expected)
    {
        using var decoder = Tiny.Decoder("llama");
        var folder = Export(decoder, "llama");
        var path = Path.Combine(folder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config[field] = JsonNode.Parse(value);
        File.WriteAllText(path, config.ToJsonString());
        var error = Assert.Throws<PluginInputException>(() => Load(folder));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AMissingTensorAndAHostTokenOutsideTheVocabularyAreRefused()
    {
        using var decoder = Tiny.Decoder("llama");
        var folder = Export(decoder, "llama");
        var error = Assert.Throws<PluginInputException>(() =>
            ((IModelPlugin)new CausalDecoderPlugin()).Build(new CausalDecoderParameters(), Tiny.Context([.. Tokens[..^1], "unknown"], folder)));
        Assert.Contains("'unknown'", error.Message);

        var weights = Path.Combine(folder, "model.safetensors");
        var tensors = SafeTensors.Read(weights);
        tensors.Remove("model.layers.1.mlp.up_proj.weight");
        SafeTensors.Write(weights, tensors);
        Assert.Contains("'model.layers.1.mlp.up_proj.weight' is missing", Assert.Throws<PluginInputException>(() => Load(folder)).Message);
    }

    private string Export(CausalDecoder decoder, string layout)
    {
        var folder = Path.Combine(temp.Path, $"{layout}-{Guid.NewGuid():N}");
        new CausalDecoderPlugin().Export(decoder, null, new ExportContext(Tiny.Parameters(layout), Tiny.Context(Tokens), null, []), folder);
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        return folder;
    }

    /// <summary>Splits model.safetensors into two shards and a model.safetensors.index.json, as large checkpoints come.</summary>
    private static void Shard(string folder)
    {
        var single = Path.Combine(folder, "model.safetensors");
        var tensors = SafeTensors.Read(single);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        for (var part = 0; part < 2; part++)
        {
            var file = $"model-0000{part + 1}-of-00002.safetensors";
            var mine = names.Where((_, i) => i % 2 == part).ToList();
            SafeTensors.Write(Path.Combine(folder, file), mine.Select(n => KeyValuePair.Create(n, tensors[n])));
            foreach (var n in mine) map[n] = file;
        }
        File.Delete(single);
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { }, weight_map = map }));
    }

    private static CausalDecoder Load(string folder)
    {
        var decoder = (CausalDecoder)((IModelPlugin)new CausalDecoderPlugin()).Build(new CausalDecoderParameters(), Tiny.Context(Tokens, folder));
        decoder.eval();
        return decoder;
    }

    public void Dispose() => temp.Dispose();
}
