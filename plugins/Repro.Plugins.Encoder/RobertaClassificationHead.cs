using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// <c>RobertaForSequenceClassification</c>'s head (<c>RobertaClassificationHead</c>) on the state of the first token,
/// <c>&lt;s&gt;</c>: dropout → <c>dense</c> (h, h) → tanh → dropout → <c>out_proj</c> (h, outputs); returns logits
/// (batch, outputs), or (batch) for regression. It ignores the pooled vector: RoBERTa's task models have no pooler. Used for classification and
/// regression on a RoBERTa encoder; the dropout is <c>classifier_dropout</c>, or the hidden dropout without one.
/// </summary>
public sealed class RobertaClassificationHead : Head
{
    private readonly Dropout dropout;
    private readonly Linear dense;
    private readonly Linear out_proj;
    private readonly bool _regression;

    /// <param name="config">The body's configuration.</param>
    /// <param name="outputs">Classes, or regression targets.</param>
    /// <param name="regression">Return (batch) for one regression target, as <see cref="RegressionHead"/> does.</param>
    internal RobertaClassificationHead(BertConfig config, int outputs, bool regression) : base(nameof(RobertaClassificationHead))
    {
        _regression = regression;
        if (outputs < 1)
            throw new ArgumentException($"bert-encoder: a classification head needs at least 1 output, got {outputs}", nameof(outputs));
        dropout = nn.Dropout(config.ClassifierDropout ?? config.Dropout);
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_proj = nn.Linear(config.HiddenSize, outputs);
        RegisterComponents();
        BertInit.Apply(this, config.InitStd);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled)
    {
        var logits = out_proj.call(dropout.call(dense.call(dropout.call(states.select(1, 0))).tanh()));
        return _regression ? logits.squeeze(-1) : logits;
    }

    /// <summary>Whether this head predicts a regression target.</summary>
    internal bool Regression => _regression;
}
