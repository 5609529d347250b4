using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// Dropout → Linear(h, tags) on every state, as Hugging Face's <c>BertForTokenClassification</c> (its <c>classifier</c>
/// names); returns logits (batch, length, tags).
/// </summary>
public sealed class TokenClassificationHead : Head
{
    private readonly Dropout dropout;
    private readonly Linear classifier;

    internal TokenClassificationHead(BertConfig config, int tags) : base(nameof(TokenClassificationHead))
    {
        if (tags < 1)
            throw new ArgumentException($"bert-encoder: a token classification head needs at least 1 tag, got {tags}", nameof(tags));
        dropout = nn.Dropout(config.Dropout);
        classifier = nn.Linear(config.HiddenSize, tags);
        RegisterComponents();
        BertInit.Apply(this, config.InitStd);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled) => classifier.call(dropout.call(states));
}
