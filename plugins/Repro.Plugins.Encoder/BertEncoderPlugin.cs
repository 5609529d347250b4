using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>
/// Builds a BERT-style transformer encoder (<see cref="BertEncoder"/>) and its heads: freshly initialised, or
/// loaded from a Hugging Face BERT or RoBERTa checkpoint folder (<see cref="BertCheckpoint"/>); and exports one as such a
/// folder (<see cref="BertExport"/>).
/// </summary>
/// <remarks>2.2.0: RoBERTa checkpoints (<c>model_type: roberta</c>: positions offset by <c>pad_token_id + 1</c>, <c>lm_head</c>,
/// <c>RobertaForSequenceClassification</c>'s head) load and export; a token classification head (<c>BertForTokenClassification</c>'s); the Hugging Face name of each parameter for PEFT adapters; BERT's numbers are unchanged. 2.1.0: <c>adapter_size</c> (bottleneck adapters). 2.0.0: <c>pooling: cls</c> became the raw first state; the BERT pooler is now <c>pooling: pooler</c> (the default).</remarks>
[Plugin("bert-encoder", Version,
    Description = "BERT-style transformer encoder (post- or pre-LN; pooler, cls or mean pooling) with a tied masked-LM head; loads and exports Hugging Face BERT and RoBERTa folders")]
public sealed class BertEncoderPlugin : ModelPlugin<BertEncoderParameters>, ICheckpointModelPlugin
{
    /// <summary>The plugin's version, also written into exported <c>config.json</c> files.</summary>
    public const string Version = "2.2.0";

    /// <inheritdoc/>
    /// <remarks>The architecture parameters are checked even when a checkpoint will replace them.</remarks>
    /// <exception cref="ParameterException">A parameter is out of range or inconsistent (heads must divide hidden_size).</exception>
    public override void Validate(BertEncoderParameters parameters) => BertConfig.Check(parameters);

    /// <inheritdoc/>
    /// <exception cref="ParameterException">A parameter is out of range; it names the parameter.</exception>
    /// <exception cref="PluginInputException">The checkpoint folder is unusable; the message names the file and tensor or field.</exception>
    public override Repro.Contracts.Encoder Build(BertEncoderParameters parameters, ModelContext context) =>
        context.Checkpoint is { } folder
            ? BertCheckpoint.Load(folder, parameters, context)
            : new BertEncoder(BertConfig.From(parameters, context));

    /// <inheritdoc/>
    /// <remarks>Exact for the body (<see cref="BertConfig.ParameterCount"/>); a checkpoint's shape is read from its <c>config.json</c>.</remarks>
    public override long? CountParameters(BertEncoderParameters parameters, ModelContext context) =>
        (context.Checkpoint is { } folder ? BertCheckpoint.ConfigOf(folder, parameters, context) : BertConfig.From(parameters, context)).ParameterCount;

    /// <inheritdoc/>
    /// <exception cref="PluginInputException">The body is pre-LN, which Hugging Face BERT cannot hold.</exception>
    public void Export(Repro.Contracts.Encoder body, Head? head, ExportContext context, string folder) =>
        BertExport.Write((BertEncoder)body, head, context, folder);

    /// <inheritdoc/>
    /// <remarks>The names <see cref="Export"/> writes (<see cref="HfBertNames"/>): under <c>bert.</c> beside a <c>classifier.</c> head on the pooler.</remarks>
    public string? HuggingFaceName(string parameter, bool ofHead, ExportContext context)
    {
        var parameters = (BertEncoderParameters)context.Parameters;
        var config = context.Model.Checkpoint is { } folder ? BertCheckpoint.ConfigOf(folder, parameters, context.Model) : BertConfig.From(parameters, context.Model);
        return BertExport.HuggingFaceName(config, parameter, ofHead, context.Head);
    }
}
