using Repro.Contracts;

namespace Repro.Plugins.Encoders;

/// <summary>Builds a BERT-style transformer encoder (<see cref="BertEncoder"/>) and its heads.</summary>
[Plugin("bert-encoder", "1.0.0",
    Description = "BERT-style transformer encoder (post- or pre-LN, cls or mean pooling) with a tied masked-LM head")]
public sealed class BertEncoderPlugin : ModelPlugin<BertEncoderParameters>
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    public override Repro.Contracts.Encoder Build(BertEncoderParameters parameters, ModelContext context) =>
        new BertEncoder(BertConfig.From(parameters, context));
}
