using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Acme.Models;

/// <summary>Parameters of <see cref="ExampleModelPlugin"/>: recipes write them in snake_case (hidden_size: 32).</summary>
public sealed class ExampleModelParameters
{
    [Param("Width of the embeddings and states.", Min = 2, Max = 4096)]
    public int HiddenSize { get; set; } = 32;

    [Param("Dropout on the states while training.", Min = 0, Max = 0.9)]
    public double Dropout { get; set; } = 0.1;
}

/// <summary>
/// A bag-of-embeddings encoder: token + segment embeddings, one position-wise feed-forward layer, mean pooling.
/// The host seeds TorchSharp's global generator before Build and CreateHead, so default initialisation is reproducible.
/// </summary>
[Plugin("acme-models", "1.0.0", Description = "Example model: embeddings, one feed-forward layer, mean pooling", Determinism = DeterminismTier.SameHardware)]
public sealed class ExampleModelPlugin : ModelPlugin<ExampleModelParameters>
{
    public override Encoder Build(ExampleModelParameters parameters, ModelContext context) =>
        new BagOfEmbeddings(context.VocabularySize, parameters.HiddenSize, parameters.Dropout);
}

/// <summary>The encoder body: only these weights carry over between stages.</summary>
public sealed class BagOfEmbeddings : Encoder
{
    private readonly Embedding tokens;
    private readonly Embedding segments;
    private readonly Linear feedForward;
    private readonly Dropout dropout;
    private readonly int hidden;

    public BagOfEmbeddings(int vocabulary, int hiddenSize, double dropoutRate) : base(nameof(BagOfEmbeddings))
    {
        hidden = hiddenSize;
        tokens = nn.Embedding(vocabulary, hiddenSize);
        segments = nn.Embedding(2, hiddenSize);
        feedForward = nn.Linear(hiddenSize, hiddenSize);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    public override int HiddenSize => hidden;

    public override Tensor Embed(Tensor tokenIds, Tensor segmentIds) => tokens.call(tokenIds) + segments.call(segmentIds);

    public override Tensor Encode(Tensor embeddings, Tensor padding) =>
        dropout.call(embeddings + nn.functional.gelu(feedForward.call(embeddings))).masked_fill(padding.unsqueeze(-1), 0);

    public override Tensor Pool(Tensor states, Tensor padding)
    {
        var kept = (~padding).unsqueeze(-1).to(states.dtype);
        return (states * kept).sum(1) / kept.sum(1).clamp_min(1);
    }

    public override Head CreateHead(HeadSpec spec) => new LinearHead(hidden, spec);
}

/// <summary>Linear heads: classes from the pooled vector, the vocabulary from each state (masked LM), or one value (regression).</summary>
public sealed class LinearHead : Head
{
    private readonly Linear output;
    private readonly TargetKind target;

    public LinearHead(int hiddenSize, HeadSpec spec) : base(nameof(LinearHead))
    {
        target = spec.Target;
        output = nn.Linear(hiddenSize, spec.Target == TargetKind.Regression ? 1 : spec.Outputs);
        RegisterComponents();
    }

    public override Tensor Predict(Tensor states, Tensor pooled) => target switch
    {
        TargetKind.MaskedLm => output.call(states),
        TargetKind.Regression => output.call(pooled).squeeze(-1),
        _ => output.call(pooled),
    };
}
