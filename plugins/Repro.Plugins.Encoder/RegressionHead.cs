using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>Linear(h, 1) on the pooled vector; returns values (batch).</summary>
public sealed class RegressionHead : Head
{
    private readonly Linear regressor;

    internal RegressionHead(BertConfig config, int outputs) : base(nameof(RegressionHead))
    {
        if (outputs != 1)
            throw new ArgumentException($"bert-encoder: a regression head has exactly 1 output, got {outputs}", nameof(outputs));
        regressor = nn.Linear(config.HiddenSize, 1);
        RegisterComponents();
        BertInit.Apply(this, config.InitStd);
    }

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled) => regressor.call(pooled).squeeze(-1);
}
