using System.Text.Json;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// Writes a <see cref="BertEncoder"/> (and its head) as a Hugging Face BERT or RoBERTa folder: <c>config.json</c> and
/// <c>model.safetensors</c>, word embeddings in host id order (the host writes <c>vocab.txt</c>, or RoBERTa's
/// <c>vocab.json</c>, in that order). BERT layouts: no head → <c>BertModel</c>; a classification or regression head on the BERT pooler →
/// <c>BertForSequenceClassification</c> (body under <c>bert.</c>, <c>classifier.*</c>); any other head →
/// <c>BertModel</c> names plus the head's tensors (a masked-LM head under <c>cls.predictions.</c>, others under
/// <c>repro_head.</c>), described by the <c>repro</c> object of <c>config.json</c>. RoBERTa layouts: no head →
/// <c>RobertaModel</c>; its classification head → <c>RobertaForSequenceClassification</c> (body under <c>roberta.</c>,
/// <c>classifier.dense</c>, <c>classifier.out_proj</c>); a masked-LM head → <c>RobertaForMaskedLM</c> (<c>lm_head.*</c>).
/// RoBERTa's <c>pad_token_id</c> is the checkpoint's position offset (<c>padding_idx</c>), kept so the positions stay the rows they were.
/// </summary>
internal static class BertExport
{
    public static void Write(BertEncoder body, Head? head, ExportContext context, string folder)
    {
        var config = body.Config;
        CheckExportable(config);
        Directory.CreateDirectory(folder);
        var pooling = BertConfig.PoolingName(config.Pooling);
        var names = HfBertNames.Of(config);
        var roberta = config.RobertaPaddingIdx is not null;
        var sequence = head is RobertaClassificationHead || IsSequenceClassification(config, head is ClassificationHead or RegressionHead);
        var prefix = sequence || roberta && head is MaskedLmHead ? names.BodyPrefix : "";

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var parameters = body.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (var (hf, module) in HfBertNames.Body(config.Layers, pooler: config.Pooling == PoolingMode.Pooler))
            tensors[prefix + hf] = Float(parameters[module]);

        var headParameters = head?.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter) ?? [];
        string? headKind = head switch
        {
            null => null,
            ClassificationHead => "classification",
            RegressionHead => "regression",
            MaskedLmHead => "masked_lm",
            RobertaClassificationHead r => r.Regression ? "regression" : "classification",
            _ => head.GetType().Name,
        };
        long labels = 0;
        switch (head)
        {
            case null:
                break;
            case MaskedLmHead:
                foreach (var (hf, module) in names.MaskedLm) tensors[hf] = Float(headParameters[module]);
                break;
            case RobertaClassificationHead:
                foreach (var (hf, module) in HfBertNames.RobertaClassifier) tensors[hf] = Float(headParameters[module]);
                labels = headParameters["out_proj.weight"].shape[0];
                break;
            case ClassificationHead or RegressionHead:
                var (weight, bias) = head is ClassificationHead
                    ? (headParameters["classifier.weight"], headParameters["classifier.bias"])
                    : (headParameters["regressor.weight"], headParameters["regressor.bias"]);
                labels = weight.shape[0];
                var name = sequence ? "classifier." : HfBertNames.ReproHead + "classifier.";
                tensors[name + "weight"] = Float(weight);
                tensors[name + "bias"] = Float(bias);
                break;
            default:
                foreach (var (name2, value) in headParameters) tensors[HfBertNames.ReproHead + name2] = Float(value);
                break;
        }

        SafeTensors.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var architecture = (roberta, head) switch
        {
            (false, _) => sequence ? "BertForSequenceClassification" : "BertModel",
            (true, RobertaClassificationHead) => "RobertaForSequenceClassification",
            (true, MaskedLmHead) => "RobertaForMaskedLM",
            _ => "RobertaModel",
        };
        WriteConfig(Path.Combine(folder, "config.json"), HfBertConfig.From(config), context, architecture, sequence ? head : null, labels, pooling, headKind);
    }

    /// <summary>Throws the reason a body of <paramref name="config"/> has no Hugging Face BERT form, if it has none.</summary>
    public static void CheckExportable(BertConfig config)
    {
        if (config.Norm != NormPlacement.Post)
            throw new PluginInputException(
                "bert-encoder: a pre-LN encoder (norm: pre) cannot be exported as a Hugging Face BERT checkpoint: Hugging Face BERT is post-LN only; train with norm: post to export");
        if (config.AdapterSize > 0)
            throw new PluginInputException(
                $"bert-encoder: an encoder with adapters (adapter_size {config.AdapterSize}) cannot be exported as a Hugging Face BERT checkpoint: Hugging Face BERT has no adapters");
    }

    /// <summary>Whether the export is a <c>BertForSequenceClassification</c> (body under <c>bert.</c>, head as <c>classifier.</c>): a classification or regression head on the BERT pooler.</summary>
    private static bool IsSequenceClassification(BertConfig config, bool sequenceHead) => sequenceHead && config.Pooling == PoolingMode.Pooler;

    /// <summary>
    /// The tensor name <see cref="Write"/> gives <paramref name="parameter"/> of the body (or, when <paramref name="ofHead"/>, of a
    /// classification or regression head), for a stage exported with <paramref name="head"/>; null when it writes none.
    /// </summary>
    public static string? HuggingFaceName(BertConfig config, string parameter, bool ofHead, HeadSpec? head)
    {
        CheckExportable(config);
        var sequenceHead = head is { Target: TargetKind.Classification or TargetKind.Regression };
        var roberta = config.RobertaPaddingIdx is not null;
        var sequence = roberta && sequenceHead || IsSequenceClassification(config, sequenceHead);
        if (ofHead)
            return !sequenceHead ? null
                : roberta ? HfBertNames.RobertaClassifier.Where(n => n.Module == parameter).Select(n => n.Hf).FirstOrDefault()
                : parameter.Split('.') is [_, var p and ("weight" or "bias")] ? (sequence ? "classifier." : HfBertNames.ReproHead + "classifier.") + p
                : null;
        return HfBertNames.Body(config.Layers, pooler: config.Pooling == PoolingMode.Pooler).Where(n => n.Module == parameter)
            .Select(n => (sequence ? HfBertNames.Of(config).BodyPrefix : "") + n.Hf).FirstOrDefault();
    }

    private static Tensor Float(Tensor t) => t.detach().to(ScalarType.Float32).cpu();

    private static void WriteConfig(string path, HfBertConfig hf, ExportContext context, string architecture, Head? sequenceHead, long labels, string pooling, string? headKind)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("architectures");
        json.WriteStringValue(architecture);
        json.WriteEndArray();
        hf.WriteFields(json);
        json.WriteNumber("pad_token_id", hf.RobertaPaddingIdx ?? context.Model.PaddingId);
        json.WriteString("torch_dtype", "float32");
        if (sequenceHead is not null)
        {
            var regression = sequenceHead is RegressionHead or RobertaClassificationHead { Regression: true };
            json.WriteNumber("num_labels", labels);
            json.WriteString("problem_type", regression ? "regression" : "single_label_classification");
            string Label(int i) => !regression && i < context.Labels.Count ? context.Labels[i] : $"LABEL_{i}";
            json.WriteStartObject("id2label");
            for (var i = 0; i < labels; i++) json.WriteString(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Label(i));
            json.WriteEndObject();
            json.WriteStartObject("label2id");
            for (var i = 0; i < labels; i++) json.WriteNumber(Label(i), i);
            json.WriteEndObject();
        }
        json.WriteStartObject("repro");
        json.WriteString("plugin", "bert-encoder");
        json.WriteString("version", BertEncoderPlugin.Version);
        json.WriteString("pooling", pooling);
        if (headKind is null) json.WriteNull("head");
        else json.WriteString("head", headKind);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
