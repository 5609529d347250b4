using System.Text.Json.Nodes;
using Repro.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary>Tiny Hugging Face BERT checkpoint folders written into temporary folders.</summary>
internal static class Checkpoints
{
    public const int Hidden = 16;
    public const int Layers = 2;
    public const int Heads = 2;
    public const int Ffn = 32;
    public const int MaxPositions = 12;

    /// <summary>The checkpoint's vocab.txt: specials at other rows than the host's, then words.</summary>
    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "the", "a", "cat", "dog", "sat", "on", "mat", "##s", "ran", "far", "big", "small", "red", "blue", "house", "tree",
    ];

    /// <summary>The host's tokens: specials first (ids 0..4), then a shuffled subset of the checkpoint's words.</summary>
    public static readonly string[] HostTokens =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "tree", "dog", "the", "##s", "blue", "cat", "on", "far", "a", "red",
    ];

    public static ModelContext Context(string folder, IReadOnlyList<string>? tokens = null, int maxLength = 10)
    {
        tokens ??= HostTokens;
        return new ModelContext(tokens.Count, maxLength, 0, tokens, folder);
    }

    public static JsonObject Config(string act = "gelu") => new()
    {
        ["architectures"] = new JsonArray("BertModel"),
        ["model_type"] = "bert",
        ["vocab_size"] = Vocabulary.Length,
        ["hidden_size"] = Hidden,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["intermediate_size"] = Ffn,
        ["hidden_act"] = act,
        ["hidden_dropout_prob"] = 0.1,
        ["attention_probs_dropout_prob"] = 0.1,
        ["max_position_embeddings"] = MaxPositions,
        ["type_vocab_size"] = 2,
        ["layer_norm_eps"] = 1e-7,
        ["initializer_range"] = 0.05,
        ["pad_token_id"] = 0,
    };

    /// <summary>
    /// Every tensor of a BertForPreTraining-like model (body, pooler, MLM head, NSP head), with random values
    /// everywhere (LayerNorm weights and biases too), by BertModel names.
    /// </summary>
    public static Dictionary<string, Tensor> Tensors(long seed)
    {
        var generator = new Generator((ulong)seed);
        Tensor R(params long[] shape) => (randn(shape, generator: generator) * 0.3f).DetachFromDisposeScope();
        var t = new Dictionary<string, Tensor>
        {
            ["embeddings.word_embeddings.weight"] = R(Vocabulary.Length, Hidden),
            ["embeddings.position_embeddings.weight"] = R(MaxPositions, Hidden),
            ["embeddings.token_type_embeddings.weight"] = R(2, Hidden),
            ["embeddings.LayerNorm.weight"] = R(Hidden) + 1,
            ["embeddings.LayerNorm.bias"] = R(Hidden),
            ["pooler.dense.weight"] = R(Hidden, Hidden),
            ["pooler.dense.bias"] = R(Hidden),
            ["cls.predictions.transform.dense.weight"] = R(Hidden, Hidden),
            ["cls.predictions.transform.dense.bias"] = R(Hidden),
            ["cls.predictions.transform.LayerNorm.weight"] = R(Hidden) + 1,
            ["cls.predictions.transform.LayerNorm.bias"] = R(Hidden),
            ["cls.predictions.bias"] = R(Vocabulary.Length),
            ["cls.seq_relationship.weight"] = R(2, Hidden),
            ["cls.seq_relationship.bias"] = R(2),
            ["embeddings.position_ids"] = arange(MaxPositions, dtype: ScalarType.Int64).unsqueeze(0),
        };
        for (var l = 0; l < Layers; l++)
        {
            var p = $"encoder.layer.{l}.";
            foreach (var name in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                t[p + name + ".weight"] = R(Hidden, Hidden);
                t[p + name + ".bias"] = R(Hidden);
            }
            t[p + "intermediate.dense.weight"] = R(Ffn, Hidden);
            t[p + "intermediate.dense.bias"] = R(Ffn);
            t[p + "output.dense.weight"] = R(Hidden, Ffn);
            t[p + "output.dense.bias"] = R(Hidden);
            foreach (var ln in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                t[p + ln + ".weight"] = R(Hidden) + 1;
                t[p + ln + ".bias"] = R(Hidden);
            }
        }
        return t;
    }

    /// <summary>Writes a checkpoint folder; <paramref name="vocabulary"/> null writes none. vocab.txt has CRLF line ends.</summary>
    public static string Write(IReadOnlyDictionary<string, Tensor> tensors, JsonObject? config = null, IReadOnlyList<string>? vocabulary = null, bool writeVocabulary = true)
    {
        var folder = NewFolder();
        SafeTensors.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(Path.Combine(folder, "config.json"), (config ?? Config()).ToJsonString());
        if (writeVocabulary) File.WriteAllText(Path.Combine(folder, "vocab.txt"), string.Join("\r\n", vocabulary ?? Vocabulary) + "\r\n");
        return folder;
    }

    /// <summary>
    /// Root of this run's temporary folders. A run deletes what an earlier run left (a test host may exit before
    /// its exit handlers finish) and, at exit, its own.
    /// </summary>
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "repro-bert-encoder-tests");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        };
        return root;
    });

    /// <summary>A new empty temporary folder.</summary>
    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Root.Value, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Loads through the plugin, seeding first as the host does.</summary>
    public static BertEncoder Load(string folder, string pooling = "pooler", IReadOnlyList<string>? tokens = null, int maxLength = 10, int adapterSize = 0)
    {
        torch.manual_seed(1);
        var parameters = new BertEncoderParameters { Pooling = pooling, AdapterSize = adapterSize };
        return (BertEncoder)new BertEncoderPlugin().Build(parameters, Context(folder, tokens, maxLength));
    }

    /// <summary>Checkpoint row of each host token.</summary>
    public static long[] Rows(IReadOnlyList<string> tokens) => [.. tokens.Select(t => (long)Array.IndexOf(Vocabulary, t))];

    /// <summary>Rows of host ids 0..14, lengths 8, 5, 3; padding id 0.</summary>
    public static Batch Batch()
    {
        long[,] ids = { { 2, 7, 10, 11, 13, 6, 3, 14 }, { 2, 5, 8, 9, 3, 0, 0, 0 }, { 2, 12, 3, 0, 0, 0, 0, 0 } };
        long[,] segments = { { 0, 0, 0, 0, 1, 1, 1, 1 }, { 0, 0, 1, 1, 1, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0, 0, 0 } };
        var tokenIds = tensor(ids);
        return new Batch(tokenIds, tensor(segments), tokenIds.eq(0), zeros(3, dtype: ScalarType.Int64));
    }
}
