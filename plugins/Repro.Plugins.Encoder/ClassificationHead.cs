using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>Dropout → Linear(h, classes) on the pooled vector; returns logits (batch, classes).</summary>
public sealed class ClassificationHead : Head
{
    private readonly Dropout dropout;
    private readonly Linear classifier;

    internal ClassificationHead(BertConfig config, int classes) : base(nameof(ClassificationHead))
    {
        if (classes < 1)
            throw new ArgumentException($"bert-encoder: a classification head needs at least 1 class, got {classes}", nameof(classes));
        dropout = nn.Dropout(config.Dropout);
        classifier = nn.Linear(config.HiddenSize, classes);
        RegisterComponents();
        BertInit.Apply(this, config.InitStd);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled) => classifier.call(dropout.call(pooled));
}
