using Repro.Contracts;
using Repro.Plugins.Encoders;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Repro.Bench.RawLoop;

/// <summary>
/// The encoder plugin's body and head, built with its own classes and initialisation, and the task loss.
/// A masked-LM head sees only the masked positions.
/// </summary>
public sealed class RawModel : IDisposable
{
    private readonly bool _maskedLm;

    /// <param name="tokens">The token of each id; with <see cref="RawSettings.Checkpoint"/> the plugin takes each id's embedding row by it.</param>
    public RawModel(RawSettings s, int vocabularySize, IReadOnlyList<string>? tokens = null)
    {
        _maskedLm = s.MaskedLm;
        var parameters = new BertEncoderParameters
        {
            HiddenSize = s.HiddenSize, Layers = s.Layers, Heads = s.Heads, FfnSize = s.FfnSize,
            Dropout = s.Dropout, AttentionDropout = s.Dropout, Pooling = s.Pooling,
        };
        var context = new ModelContext(vocabularySize, s.Length + 2, WordIds.Pad, tokens, s.Checkpoint);
        manual_seed(SeedPath.For(s.Seed, s.Stage, "init"));
        // As the engine builds a model: through the plugin, which loads the checkpoint when the context names one.
        Body = (BertEncoder)new BertEncoderPlugin().Build(parameters, context);
        manual_seed(SeedPath.For(s.Seed, s.Stage, "head-init"));
        Head = Body.CreateHead(s.MaskedLm ? new HeadSpec(TargetKind.MaskedLm, vocabularySize) : new HeadSpec(TargetKind.Classification, 2));
        Parameters = Body.parameters().Concat(Head.parameters()).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();
    }

    public BertEncoder Body { get; }
    public Head Head { get; }

    /// <summary>Body and head parameters, each once (the tied embedding too), body first.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The mean cross-entropy of one batch.</summary>
    public Tensor Loss(Tensor ids, Tensor segments, Tensor padding, Tensor targets)
    {
        var states = Body.Encode(Body.Embed(ids, segments), padding);
        var pooled = Body.Pool(states, padding);
        if (!_maskedLm) return cross_entropy(Head.Predict(states, pooled), targets);
        var positions = targets.reshape(-1).ne(-100).nonzero().squeeze(1);
        var logits = Head.Predict(states.reshape(-1, states.shape[^1]).index_select(0, positions), pooled);
        return cross_entropy(logits, targets.reshape(-1).index_select(0, positions));
    }

    public void Train()
    {
        Body.train();
        Head.train();
    }

    public void Dispose()
    {
        Head.Dispose();
        Body.Dispose();
    }
}
