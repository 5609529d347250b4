using System.Text.Json;
using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>
/// The architecture fields of a Hugging Face GPT-2 or LLaMA <c>config.json</c>, read and written here only so both directions
/// name the same fields. GPT-2: <c>vocab_size</c>, <c>n_positions</c>, <c>n_embd</c>, <c>n_layer</c>, <c>n_head</c>
/// required; <c>n_inner</c> (4·n_embd), <c>activation_function</c> (gelu_new), <c>resid_pdrop</c>, <c>attn_pdrop</c>
/// (0.1), <c>layer_norm_epsilon</c> (1e-5), <c>initializer_range</c> (0.02) default as in Hugging Face. LLaMA:
/// <c>vocab_size</c>, <c>hidden_size</c>, <c>intermediate_size</c>, <c>num_hidden_layers</c>, <c>num_attention_heads</c>
/// required; <c>num_key_value_heads</c> (= heads), <c>max_position_embeddings</c> (2048), <c>rms_norm_eps</c> (1e-6),
/// <c>rope_theta</c> (10000), <c>tie_word_embeddings</c> (false), <c>attention_dropout</c> (0), <c>initializer_range</c>.
/// What this decoder does not compute (rope_scaling, attention or MLP biases, another activation) is refused by name.
/// </summary>
internal sealed record HfDecoderConfig(DecoderLayout Layout, int VocabSize, DecoderConfig Shape)
{
    /// <summary>The GPT-2 activations this decoder computes (both are GELU's tanh approximation).</summary>
    private static readonly string[] Gpt2Activations = ["gelu_new", "gelu_pytorch_tanh"];

    /// <summary>Reads and checks <paramref name="path"/> against the host's <paramref name="context"/>; throws <see cref="PluginInputException"/> naming the file and field.</summary>
    public static HfDecoderConfig Read(string path, ModelContext context)
    {
        if (!File.Exists(path))
            throw new PluginInputException($"{path}: not found; a Hugging Face GPT-2 or LLaMA checkpoint folder holds config.json and model.safetensors (or model.safetensors.index.json)");
        var f = JsonFields.Read(path, 1 << 20);
        var modelType = f.String("model_type", null);
        var config = modelType switch
        {
            "gpt2" => Gpt2(f, context),
            "llama" => Llama(f, context),
            _ => throw new PluginInputException($"{path}: model_type '{modelType}' is not supported by causal-decoder; supported: gpt2, llama"),
        };
        var s = config.Shape;
        if (s.HiddenSize % s.Heads != 0)
            throw new PluginInputException($"{path}: the hidden size ({s.HiddenSize}) is not divisible by the number of attention heads ({s.Heads})");
        if (s.Heads % s.KvHeads != 0)
            throw new PluginInputException($"{path}: num_key_value_heads ({s.KvHeads}) does not divide num_attention_heads ({s.Heads})");
        if (s.MaxPositions < context.MaxLength)
            throw new PluginInputException(
                $"{path}: {(config.Layout == DecoderLayout.Gpt2 ? "n_positions" : "max_position_embeddings")} ({s.MaxPositions}) is less than the task's maximum length ({context.MaxLength}); lower the maximum length to at most {s.MaxPositions}");
        foreach (var (name, p) in new[] { ("dropout", s.Dropout), ("attention dropout", s.AttentionDropout) })
            if (!(p >= 0 && p < 1)) throw new PluginInputException($"{path}: the {name} ({p}) must be in [0, 1)");
        if (!(s.NormEps > 0)) throw new PluginInputException($"{path}: the norm epsilon ({s.NormEps}) must be positive");
        if (!(s.InitStd > 0)) throw new PluginInputException($"{path}: initializer_range ({s.InitStd}) must be positive");
        return config;
    }

    private static HfDecoderConfig Gpt2(JsonFields f, ModelContext context)
    {
        var act = f.String("activation_function", "gelu_new");
        if (!Gpt2Activations.Contains(act))
            throw new PluginInputException($"{f.Path}: activation_function '{act}' is not supported; supported: {string.Join(", ", Gpt2Activations)}");
        if (!f.Bool("scale_attn_weights", true))
            throw new PluginInputException($"{f.Path}: scale_attn_weights false is not supported; causal-decoder scales attention scores by 1/√(head width)");
        if (f.Bool("scale_attn_by_inverse_layer_idx", false))
            throw new PluginInputException($"{f.Path}: scale_attn_by_inverse_layer_idx true is not supported");
        if (!f.Bool("tie_word_embeddings", true))
            throw new PluginInputException($"{f.Path}: tie_word_embeddings false is not supported for gpt2; its LM head is the token embedding");
        var hidden = f.Int("n_embd");
        var heads = f.Int("n_head");
        var shape = new DecoderConfig(DecoderLayout.Gpt2, context.VocabularySize, context.PaddingId, f.Int("n_positions"), hidden, f.Int("n_layer"),
            heads, heads, f.Int("n_inner", 4 * hidden), f.Double("resid_pdrop", 0.1), f.Double("attn_pdrop", 0.1),
            f.Double("layer_norm_epsilon", 1e-5), f.Double("initializer_range", 0.02));
        return new HfDecoderConfig(DecoderLayout.Gpt2, f.Int("vocab_size"), shape);
    }

    private static HfDecoderConfig Llama(JsonFields f, ModelContext context)
    {
        var act = f.String("hidden_act", "silu");
        if (act != "silu") throw new PluginInputException($"{f.Path}: hidden_act '{act}' is not supported; supported: silu");
        if (f.Has("rope_scaling"))
            throw new PluginInputException($"{f.Path}: rope_scaling is not supported; causal-decoder computes plain rotary positions (rope_scaling: null)");
        foreach (var bias in new[] { "attention_bias", "mlp_bias" })
            if (f.Bool(bias, false)) throw new PluginInputException($"{f.Path}: {bias} true is not supported; LLaMA layers have no biases");
        var hidden = f.Int("hidden_size");
        var heads = f.Int("num_attention_heads");
        if (f.Has("head_dim") && f.Int("head_dim") * heads != hidden)
            throw new PluginInputException($"{f.Path}: head_dim ({f.Int("head_dim")}) is not hidden_size / num_attention_heads ({hidden / heads}); not supported");
        if (hidden / heads % 2 != 0)
            throw new PluginInputException($"{f.Path}: the head width ({hidden / heads}) is odd; rotary positions need an even one");
        var shape = new DecoderConfig(DecoderLayout.Llama, context.VocabularySize, context.PaddingId, f.Int("max_position_embeddings", 2048), hidden,
            f.Int("num_hidden_layers"), heads, f.Int("num_key_value_heads", heads), f.Int("intermediate_size"), 0, f.Double("attention_dropout", 0),
            f.Double("rms_norm_eps", 1e-6), f.Double("initializer_range", 0.02))
        {
            RopeTheta = f.Double("rope_theta", 10000), TieEmbeddings = f.Bool("tie_word_embeddings", false),
        };
        if (!(shape.RopeTheta > 0)) throw new PluginInputException($"{f.Path}: rope_theta ({shape.RopeTheta}) must be positive");
        return new HfDecoderConfig(DecoderLayout.Llama, f.Int("vocab_size"), shape);
    }

    /// <summary>Writes the architecture fields of <paramref name="c"/> (and <c>model_type</c>) into the open object of <paramref name="json"/>.</summary>
    public static void WriteFields(Utf8JsonWriter json, DecoderConfig c)
    {
        if (c.Layout == DecoderLayout.Gpt2)
        {
            json.WriteString("model_type", "gpt2");
            json.WriteNumber("vocab_size", c.VocabularySize);
            json.WriteNumber("n_positions", c.MaxPositions);
            json.WriteNumber("n_embd", c.HiddenSize);
            json.WriteNumber("n_layer", c.Layers);
            json.WriteNumber("n_head", c.Heads);
            json.WriteNumber("n_inner", c.FfnSize);
            json.WriteString("activation_function", "gelu_new");
            json.WriteNumber("resid_pdrop", c.Dropout);
            json.WriteNumber("embd_pdrop", c.Dropout);
            json.WriteNumber("attn_pdrop", c.AttentionDropout);
            json.WriteNumber("layer_norm_epsilon", c.NormEps);
            json.WriteNumber("initializer_range", c.InitStd);
            json.WriteBoolean("scale_attn_weights", true);
            json.WriteBoolean("tie_word_embeddings", true);
        }
        else
        {
            json.WriteString("model_type", "llama");
            json.WriteNumber("vocab_size", c.VocabularySize);
            json.WriteNumber("hidden_size", c.HiddenSize);
            json.WriteNumber("intermediate_size", c.FfnSize);
            json.WriteNumber("num_hidden_layers", c.Layers);
            json.WriteNumber("num_attention_heads", c.Heads);
            json.WriteNumber("num_key_value_heads", c.KvHeads);
            json.WriteString("hidden_act", "silu");
            json.WriteNumber("max_position_embeddings", c.MaxPositions);
            json.WriteNumber("rms_norm_eps", c.NormEps);
            json.WriteNumber("rope_theta", c.RopeTheta);
            json.WriteNull("rope_scaling");
            json.WriteBoolean("attention_bias", false);
            json.WriteBoolean("mlp_bias", false);
            json.WriteBoolean("tie_word_embeddings", c.TieEmbeddings);
            json.WriteNumber("attention_dropout", c.AttentionDropout);
            json.WriteNumber("initializer_range", c.InitStd);
        }
    }
}
