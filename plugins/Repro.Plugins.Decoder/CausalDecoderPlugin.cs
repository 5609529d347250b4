using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>
/// Builds a causal transformer decoder (<see cref="CausalDecoder"/>) in the GPT-2 or LLaMA layout and its heads: freshly
/// initialised, or loaded from a Hugging Face GPT-2 / LLaMA checkpoint folder (<see cref="DecoderCheckpoint"/>); and exports
/// one as such a folder (<see cref="DecoderExport"/>). It learns text by next-token prediction (<see cref="TargetKind.CausalLm"/>).
/// </summary>
[Plugin(Id, Version,
    Description = "Causal transformer decoder in the GPT-2 or LLaMA layout (next-token pretraining, last-token pooling); loads and exports Hugging Face gpt2 and llama folders")]
public sealed class CausalDecoderPlugin : ModelPlugin<CausalDecoderParameters>, ICheckpointModelPlugin
{
    /// <summary>The plugin's id.</summary>
    public const string Id = "causal-decoder";

    /// <summary>The plugin's version, also written into exported <c>config.json</c> files.</summary>
    public const string Version = "1.0.0";

    /// <inheritdoc/>
    public override TargetKind LanguageModelObjective => TargetKind.CausalLm;

    /// <inheritdoc/>
    /// <exception cref="ParameterException">A parameter is out of range or inconsistent (heads must divide hidden_size).</exception>
    public override void Validate(CausalDecoderParameters parameters) => DecoderConfig.Check(parameters);

    /// <inheritdoc/>
    /// <exception cref="PluginInputException">The checkpoint folder is unusable; the message names the file and tensor or field.</exception>
    public override Repro.Contracts.Encoder Build(CausalDecoderParameters parameters, ModelContext context) =>
        context.Checkpoint is { } folder ? DecoderCheckpoint.Load(folder, context) : new CausalDecoder(DecoderConfig.From(parameters, context));

    /// <inheritdoc/>
    /// <remarks>Exact for the body (<see cref="DecoderConfig.ParameterCount"/>); a checkpoint's shape is read from its <c>config.json</c>.</remarks>
    public override long? CountParameters(CausalDecoderParameters parameters, ModelContext context) => Shape(parameters, context).ParameterCount;

    /// <inheritdoc/>
    public void Export(Repro.Contracts.Encoder body, Head? head, ExportContext context, string folder) =>
        DecoderExport.Write((CausalDecoder)body, head, context, folder);

    /// <inheritdoc/>
    /// <remarks>
    /// The body's names are Hugging Face's under <c>model.</c> (LLaMA) or <c>transformer.</c> (GPT-2); a classifier's weight
    /// is <c>score.weight</c>, an untied LM head's <c>lm_head.weight</c>. GPT-2's Conv1D weights get none: they are stored
    /// transposed, which PEFT handles with <c>fan_in_fan_out</c>, a setting the host's adapter writer does not give; their
    /// adapters are exported merged (<c>repro export --merge</c>).
    /// </remarks>
    public string? HuggingFaceName(string parameter, bool ofHead, ExportContext context)
    {
        if (ofHead) return parameter switch { "score.weight" => HfDecoderNames.Score, "weight" => HfDecoderNames.LmHead, _ => null };
        var layout = Shape((CausalDecoderParameters)context.Parameters, context.Model).Layout;
        return HfDecoderNames.IsConv1D(parameter, layout) ? null : HfDecoderNames.Prefix(layout) + parameter;
    }

    /// <summary>The model's shape: the checkpoint's <c>config.json</c> when it loads one, else the recipe's sizes.</summary>
    private static DecoderConfig Shape(CausalDecoderParameters parameters, ModelContext context) =>
        context.Checkpoint is { } folder ? DecoderCheckpoint.ConfigOf(folder, context).Shape : DecoderConfig.From(parameters, context);
}
