using System.Text.Json;
using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>
/// The architecture fields of a Hugging Face BERT or RoBERTa <c>config.json</c>. Read and written here only, so the two
/// directions name the same fields. Required: <c>model_type</c> (<c>bert</c> or <c>roberta</c>), <c>vocab_size</c>, <c>hidden_size</c>,
/// <c>num_hidden_layers</c>, <c>num_attention_heads</c>, <c>intermediate_size</c>, <c>max_position_embeddings</c>;
/// the others default as in Hugging Face's <c>BertConfig</c> (gelu, 0.1, 0.1, 2, 1e-12, 0.02). RoBERTa adds
/// <c>pad_token_id</c> (default 1: its positions start at <c>pad_token_id + 1</c>) and <c>classifier_dropout</c>.
/// </summary>
internal sealed record HfBertConfig(
    int VocabSize, int HiddenSize, int Layers, int Heads, int IntermediateSize, string HiddenAct,
    double HiddenDropout, double AttentionDropout, int MaxPositions, int TypeVocabSize, double LayerNormEps, double InitializerRange)
{
    /// <summary>The supported <c>hidden_act</c> values and what each computes.</summary>
    public static readonly IReadOnlyDictionary<string, Activation> Activations = new Dictionary<string, Activation>(StringComparer.Ordinal)
    {
        ["gelu"] = Activation.Gelu, ["gelu_new"] = Activation.GeluTanh, ["gelu_pytorch_tanh"] = Activation.GeluTanh, ["relu"] = Activation.Relu,
    };

    /// <summary>RoBERTa's position offset, <c>pad_token_id</c> (positions count from <c>pad_token_id + 1</c>); null for BERT.</summary>
    public int? RobertaPaddingIdx { get; init; }

    /// <summary>RoBERTa's <c>classifier_dropout</c> (null: <see cref="HiddenDropout"/>).</summary>
    public double? ClassifierDropout { get; init; }

    /// <summary>The supported <c>model_type</c> values.</summary>
    public static readonly string[] ModelTypes = ["bert", "roberta"];

    /// <summary>The activation <see cref="HiddenAct"/> names.</summary>
    public Activation Activation => Activations[HiddenAct];

    /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="PluginInputException"/> naming the file and field.</summary>
    public static HfBertConfig Read(string path)
    {
        if (!File.Exists(path)) throw new PluginInputException($"{path}: not found; a Hugging Face BERT checkpoint folder holds config.json, model.safetensors and vocab.txt");
        JsonElement root;
        try { root = JsonDocument.Parse(CheckpointFile.ReadText(path, 1 << 20)).RootElement; }
        catch (JsonException e) { throw new PluginInputException($"{path}: not valid JSON ({e.Message})"); }
        if (root.ValueKind != JsonValueKind.Object) throw new PluginInputException($"{path}: not a JSON object");
        var reader = new Fields(root, path);

        var modelType = reader.String("model_type", null);
        if (Array.IndexOf(ModelTypes, modelType) < 0)
            throw new PluginInputException($"{path}: model_type '{modelType}' is not supported by bert-encoder; supported: {string.Join(", ", ModelTypes)}");
        var roberta = modelType == "roberta";
        var positionType = reader.String("position_embedding_type", "absolute");
        if (positionType != "absolute")
            throw new PluginInputException($"{path}: position_embedding_type '{positionType}' is not supported; supported: absolute");
        var act = reader.String("hidden_act", "gelu");
        if (!Activations.ContainsKey(act))
            throw new PluginInputException($"{path}: hidden_act '{act}' is not supported; supported: {string.Join(", ", Activations.Keys)}");

        var config = new HfBertConfig(
            reader.Int("vocab_size"), reader.Int("hidden_size"), reader.Int("num_hidden_layers"), reader.Int("num_attention_heads"),
            reader.Int("intermediate_size"), act, reader.Double("hidden_dropout_prob", 0.1), reader.Double("attention_probs_dropout_prob", 0.1),
            reader.Int("max_position_embeddings"), reader.Int("type_vocab_size", 2), reader.Double("layer_norm_eps", 1e-12),
            reader.Double("initializer_range", 0.02))
        {
            RobertaPaddingIdx = roberta ? reader.Count("pad_token_id", 1) : null,
            ClassifierDropout = roberta ? reader.NullableDouble("classifier_dropout") : null,
        };
        if (config.ClassifierDropout is { } classifier && !(classifier >= 0 && classifier < 1))
            throw new PluginInputException($"{path}: classifier_dropout ({classifier}) must be in [0, 1)");
        if (config.RobertaPaddingIdx is { } padding && padding + 1 >= config.MaxPositions)
            throw new PluginInputException($"{path}: pad_token_id ({padding}) leaves no position: RoBERTa's positions start at pad_token_id + 1, below max_position_embeddings ({config.MaxPositions})");
        if (config.HiddenSize % config.Heads != 0)
            throw new PluginInputException($"{path}: hidden_size ({config.HiddenSize}) is not divisible by num_attention_heads ({config.Heads})");
        foreach (var (name, p) in new[] { ("hidden_dropout_prob", config.HiddenDropout), ("attention_probs_dropout_prob", config.AttentionDropout) })
            if (!(p >= 0 && p < 1)) throw new PluginInputException($"{path}: {name} ({p}) must be in [0, 1)");
        if (!(config.LayerNormEps > 0)) throw new PluginInputException($"{path}: layer_norm_eps ({config.LayerNormEps}) must be positive");
        if (!(config.InitializerRange > 0)) throw new PluginInputException($"{path}: initializer_range ({config.InitializerRange}) must be positive");
        return config;
    }

    /// <summary>The Hugging Face config of a built encoder; <paramref name="vocabSize"/> rows in host id order.</summary>
    public static HfBertConfig From(BertConfig c) => new(c.VocabularySize, c.HiddenSize, c.Layers, c.Heads, c.FfnSize,
        c.Activation switch { Activation.Gelu => "gelu", Activation.GeluTanh => "gelu_new", _ => "relu" },
        c.Dropout, c.AttentionDropout, c.MaxPositions, c.Segments, c.LayerNormEps, c.InitStd)
    {
        RobertaPaddingIdx = c.RobertaPaddingIdx, ClassifierDropout = c.ClassifierDropout,
    };

    /// <summary>Writes the architecture fields (and <c>model_type</c>) into the open object of <paramref name="json"/>.</summary>
    public void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("model_type", RobertaPaddingIdx is null ? "bert" : "roberta");
        json.WriteNumber("vocab_size", VocabSize);
        json.WriteNumber("hidden_size", HiddenSize);
        json.WriteNumber("num_hidden_layers", Layers);
        json.WriteNumber("num_attention_heads", Heads);
        json.WriteNumber("intermediate_size", IntermediateSize);
        json.WriteString("hidden_act", HiddenAct);
        json.WriteNumber("hidden_dropout_prob", HiddenDropout);
        json.WriteNumber("attention_probs_dropout_prob", AttentionDropout);
        json.WriteNumber("max_position_embeddings", MaxPositions);
        json.WriteNumber("type_vocab_size", TypeVocabSize);
        json.WriteNumber("layer_norm_eps", LayerNormEps);
        json.WriteNumber("initializer_range", InitializerRange);
        json.WriteString("position_embedding_type", "absolute");
        if (ClassifierDropout is { } classifier) json.WriteNumber("classifier_dropout", classifier);
    }

    /// <summary>Typed field access that names the file and field in every error.</summary>
    private sealed class Fields(JsonElement root, string path)
    {
        private bool TryGet(string name, out JsonElement value) =>
            root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private PluginInputException Missing(string name) => new($"{path}: required field '{name}' is missing");

        private PluginInputException Wrong(string name, JsonElement value, string expected) =>
            new($"{path}: field '{name}' must be {expected}, found {value.ValueKind} {value.GetRawText()}");

        public string String(string name, string? fallback)
        {
            if (!TryGet(name, out var value)) return fallback ?? throw Missing(name);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(name, value, "a string");
        }

        public int Int(string name, int? fallback = null)
        {
            if (!TryGet(name, out var value)) return fallback ?? throw Missing(name);
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result)) throw Wrong(name, value, "an integer");
            return result > 0 ? result : throw new PluginInputException($"{path}: field '{name}' must be at least 1, found {result}");
        }

        public int Count(string name, int fallback)
        {
            if (!TryGet(name, out var value)) return fallback;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result) || result < 0) throw Wrong(name, value, "a non-negative integer");
            return result;
        }

        public double? NullableDouble(string name) =>
            !TryGet(name, out var value) ? null : value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Wrong(name, value, "a number or null");

        public double Double(string name, double fallback)
        {
            if (!TryGet(name, out var value)) return fallback;
            return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Wrong(name, value, "a number");
        }
    }
}
