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
    public override long? CountParameters(CausalDecoderParameters parameters, ModelContext context) =>
        (context.Checkpoint is { } folder ? DecoderCheckpoint.ConfigOf(folder, context).Shape : DecoderConfig.From(parameters, context)).ParameterCount;

    /// <inheritdoc/>
    public void Export(Repro.Contracts.Encoder body, Head? head, ExportContext context, string folder) =>
        DecoderExport.Write((CausalDecoder)body, head, context, folder);
}
