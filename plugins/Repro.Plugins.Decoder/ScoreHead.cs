using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// Hugging Face's <c>score</c> layer of <c>GPT2ForSequenceClassification</c> / <c>LlamaForSequenceClassification</c>: a
/// Linear without bias on the pooled (last real) state. Classification: logits (batch, classes); regression: values (batch).
/// </summary>
public sealed class ScoreHead : Head
{
    private readonly Linear score;
    private readonly bool regression;

    internal ScoreHead(DecoderConfig config, int outputs, bool regression) : base(nameof(ScoreHead))
    {
        if (regression ? outputs != 1 : outputs < 1)
            throw new ArgumentException($"causal-decoder: a {(regression ? "regression head has exactly 1 output" : "classification head needs at least 1 class")}, got {outputs}", nameof(outputs));
        score = nn.Linear(config.HiddenSize, outputs, hasBias: false);
        this.regression = regression;
        register_module("score", score);
        using var noGrad = no_grad();
        nn.init.normal_(score.weight!, 0, config.InitStd);
    }

    /// <summary>Whether it predicts one value rather than class logits.</summary>
    public bool Regression => regression;

    /// <inheritdoc/>
    public override Tensor Predict(Tensor states, Tensor pooled)
    {
        var output = score.call(pooled);
        return regression ? output.squeeze(-1) : output;
    }
}
