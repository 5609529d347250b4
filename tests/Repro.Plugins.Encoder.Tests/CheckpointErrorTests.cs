using System.Text.Json.Nodes;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class CheckpointErrorTests
{
    /// <summary>Each case breaks one thing in an otherwise good checkpoint; the message must name what.</summary>
    public static TheoryData<string, string[]> Cases => new()
    {
        { "missing tensor", ["model.safetensors", "encoder.layer.1.output.dense.bias", "missing"] },
        { "unexpected tensor", ["model.safetensors", "encoder.layer.0.attention.self.rotary.weight", "unexpected"] },
        { "wrong shape", ["model.safetensors", "encoder.layer.0.intermediate.dense.weight", "[32, 16]", "[31, 16]"] },
        { "unsupported dtype", ["model.safetensors", "pooler.dense.bias", "Int32"] },
        { "unsupported hidden_act", ["config.json", "hidden_act", "swish"] },
        { "model_type gpt2", ["config.json", "model_type", "gpt2", "bert"] },
        { "missing field", ["config.json", "hidden_size", "missing"] },
        { "wrong field type", ["config.json", "num_hidden_layers", "integer"] },
        { "missing vocabulary token", ["vocab.txt", "1 of the host's", "'zebra'", "from: model"] },
        { "no vocab.txt", ["vocab.txt", "not found"] },
        { "max_position_embeddings too small", ["config.json", "max_position_embeddings (12)", "maximum length (20)"] },
        { "pooler missing", ["model.safetensors", "pooler.dense.weight", "missing", "pooling: cls or mean"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BrokenCheckpointsAreRefusedNamingWhatIsWrong(string broken, string[] mentioned)
    {
        var tensors = Checkpoints.Tensors(1);
        var config = Checkpoints.Config();
        IReadOnlyList<string> tokens = Checkpoints.HostTokens;
        var maxLength = 10;
        var writeVocabulary = true;
        switch (broken)
        {
            case "missing tensor": tensors.Remove("encoder.layer.1.output.dense.bias"); break;
            case "unexpected tensor": tensors["encoder.layer.0.attention.self.rotary.weight"] = zeros(2); break;
            case "wrong shape": tensors["encoder.layer.0.intermediate.dense.weight"] = zeros(31, 16); break;
            case "unsupported dtype": tensors["pooler.dense.bias"] = zeros(16, dtype: ScalarType.Int32); break;
            case "unsupported hidden_act": config["hidden_act"] = "swish"; break;
            case "model_type gpt2": config["model_type"] = "gpt2"; break;
            case "missing field": config.Remove("hidden_size"); break;
            case "wrong field type": config["num_hidden_layers"] = "2"; break;
            case "missing vocabulary token": tokens = [.. Checkpoints.HostTokens, "zebra"]; break;
            case "no vocab.txt": writeVocabulary = false; break;
            case "max_position_embeddings too small": maxLength = 20; break;
            case "pooler missing": tensors.Remove("pooler.dense.weight"); break;
        }
        var folder = Checkpoints.Write(tensors, config, writeVocabulary: writeVocabulary);

        var error = Assert.Throws<PluginInputException>(() => Checkpoints.Load(folder, tokens: tokens, maxLength: maxLength));
        Assert.All(mentioned, word => Assert.Contains(word, error.Message));
    }

    [Fact]
    public void WithoutThePoolerTensorsOtherPoolingsLoad()
    {
        var tensors = Checkpoints.Tensors(1);
        tensors.Remove("pooler.dense.weight");
        tensors.Remove("pooler.dense.bias");

        Assert.DoesNotContain(Checkpoints.Load(Checkpoints.Write(tensors), pooling: "cls").Notes, n => n.Contains("pooler"));
    }

    [Fact]
    public void ACorruptHeaderReachesTheUserWithSafeTensorsOwnMessage()
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(1));
        var path = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes((ulong)bytes.Length * 2).CopyTo(bytes, 0); // a header longer than the file
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<PluginInputException>(() => Checkpoints.Load(folder));
        var expected = Assert.Throws<PluginInputException>(() => SafeTensors.ReadHeader(path));
        Assert.Equal(expected.Message, error.Message);
        Assert.Contains("corrupt safetensors header", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void AnUnknownDTypeIsRefusedNamingTheTensor()
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(1));
        var path = Path.Combine(folder, "model.safetensors");
        var text = File.ReadAllBytes(path);
        // Rename the F32 dtype of the first tensor to a same-length unknown one ("F32" → "F31").
        var header = System.Text.Encoding.ASCII.GetString(text, 8, (int)BitConverter.ToUInt64(text, 0));
        var at = 8 + header.IndexOf("\"F32\"", StringComparison.Ordinal) + 3;
        text[at] = (byte)'1';
        File.WriteAllBytes(path, text);

        var error = Assert.Throws<PluginInputException>(() => Checkpoints.Load(folder));
        Assert.Contains("F31", error.Message);
        Assert.Contains("cls.predictions.bias", error.Message); // the first tensor by name
    }

    [Fact]
    public void HostTokensAreRequiredWithACheckpoint()
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(1));
        var context = new ModelContext(15, 10, 0, null, folder);

        var error = Assert.Throws<PluginInputException>(() => new BertEncoderPlugin().Build(new BertEncoderParameters(), context));
        Assert.Contains("token", error.Message);
    }
}
