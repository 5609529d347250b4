using System.Globalization;
using System.Text.Json;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// Writes a <see cref="CausalDecoder"/> (and its head) as a Hugging Face folder: <c>config.json</c> and <c>model.safetensors</c>,
/// the body under <c>transformer.</c> (GPT-2, Conv1D weights transposed back to (in, out)) or <c>model.</c> (LLaMA), embedding
/// rows in host id order (the host writes the vocabulary beside them). Layouts: no head or a causal-LM head →
/// <c>GPT2LMHeadModel</c> / <c>LlamaForCausalLM</c> (an untied head as <c>lm_head.weight</c>; a LLaMA body without its
/// untied head → <c>LlamaModel</c>); a classification or regression head → <c>…ForSequenceClassification</c> with <c>score.weight</c>.
/// </summary>
internal static class DecoderExport
{
    public static void Write(CausalDecoder body, Head? head, ExportContext context, string folder)
    {
        var config = body.Config;
        var prefix = HfDecoderNames.Prefix(config.Layout);
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in body.named_parameters())
        {
            var value = HfDecoderNames.IsConv1D(name, config.Layout) ? parameter.t() : (Tensor)parameter;
            tensors[prefix + name] = Float(value);
        }
        var gpt2 = config.Layout == DecoderLayout.Gpt2;
        string architecture;
        switch (head)
        {
            case null or CausalLmHead { Tied: true }:
                architecture = gpt2 ? "GPT2LMHeadModel" : config.TieEmbeddings ? "LlamaForCausalLM" : "LlamaModel";
                break;
            case CausalLmHead lm:
                tensors[HfDecoderNames.LmHead] = Float(lm.Weight);
                architecture = "LlamaForCausalLM";
                break;
            case ScoreHead score:
                tensors[HfDecoderNames.Score] = Float(score.named_parameters().Single().parameter);
                architecture = gpt2 ? "GPT2ForSequenceClassification" : "LlamaForSequenceClassification";
                break;
            default:
                throw new PluginInputException($"causal-decoder: a {head.GetType().Name} head cannot be exported as a Hugging Face folder");
        }
        SafeTensors.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        WriteConfig(Path.Combine(folder, "config.json"), config, architecture, head as ScoreHead, context);
    }

    private static Tensor Float(Tensor t) => t.detach().to(ScalarType.Float32).cpu().contiguous();

    private static void WriteConfig(string path, DecoderConfig config, string architecture, ScoreHead? score, ExportContext context)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("architectures");
        json.WriteStringValue(architecture);
        json.WriteEndArray();
        HfDecoderConfig.WriteFields(json, config);
        json.WriteNumber("pad_token_id", context.Model.PaddingId);
        json.WriteString("torch_dtype", "float32");
        if (score is not null)
        {
            var labels = context.Head?.Outputs ?? 1;
            json.WriteNumber("num_labels", labels);
            json.WriteString("problem_type", score.Regression ? "regression" : "single_label_classification");
            string Label(int i) => !score.Regression && i < context.Labels.Count ? context.Labels[i] : $"LABEL_{i}";
            json.WriteStartObject("id2label");
            for (var i = 0; i < labels; i++) json.WriteString(i.ToString(CultureInfo.InvariantCulture), Label(i));
            json.WriteEndObject();
            json.WriteStartObject("label2id");
            for (var i = 0; i < labels; i++) json.WriteNumber(Label(i), i);
            json.WriteEndObject();
        }
        json.WriteStartObject("repro");
        json.WriteString("plugin", CausalDecoderPlugin.Id);
        json.WriteString("version", CausalDecoderPlugin.Version);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
