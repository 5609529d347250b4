using Repro.Contracts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

/// <summary>
/// A 5-token, width-3 encoder (embedding table → tanh(x·W) → mean) with a linear head, initialised from
/// its own generator: small enough to reason about, complete enough for SMART and RGKD.
/// </summary>
internal sealed class TinyBody : Encoder
{
    public readonly Parameter Table;
    public readonly Parameter W;
    private readonly ulong _seed;

    public TinyBody(ulong seed = 1) : base("body")
    {
        _seed = seed;
        using var g = new Generator(seed);
        Table = new Parameter(randn(5, 3, generator: g));
        W = new Parameter(randn(3, 3, generator: g));
        RegisterComponents();
    }

    public override int HiddenSize => 3;
    public override Tensor Embed(Tensor tokenIds, Tensor segmentIds) => Table.index_select(0, tokenIds.reshape(-1)).reshape(tokenIds.shape[0], tokenIds.shape[1], 3);
    public override Tensor Encode(Tensor embeddings, Tensor padding) => embeddings.matmul(W).tanh();
    public override Tensor Pool(Tensor states, Tensor padding) => states.mean([1]);
    public override Head CreateHead(HeadSpec spec) => new TinyHead(_seed + 1, spec);
}

internal sealed class TinyHead : Head
{
    public readonly Parameter V;
    private readonly bool _regression;

    public TinyHead(ulong seed, HeadSpec spec) : base("head")
    {
        using var g = new Generator(seed);
        V = new Parameter(randn(3, spec.Outputs, generator: g));
        _regression = spec.Target == TargetKind.Regression;
        RegisterComponents();
    }

    public override Tensor Predict(Tensor states, Tensor pooled) => _regression ? pooled.matmul(V).squeeze(-1) : pooled.matmul(V);
}

/// <summary>Body + head as the host would hand them to a regularizer, with a model copy like the engine's.</summary>
internal sealed class TinyModel
{
    public readonly TinyBody Body = new();
    public readonly Head Head;
    private readonly HeadSpec _spec;

    public TinyModel(TargetKind target = TargetKind.Classification)
    {
        _spec = new HeadSpec(target, target == TargetKind.Regression ? 1 : 2);
        Head = Body.CreateHead(_spec);
    }

    public IReadOnlyList<Parameter> Parameters => ModelCopy.ParametersOf(Body, Head);

    public static Tensor Forward(Encoder body, Head head, Tensor embeddings, Batch batch)
    {
        var states = body.Encode(embeddings, batch.Padding);
        return head.Predict(states, body.Pool(states, batch.Padding));
    }

    public ModelCopy Copy()
    {
        var body = new TinyBody();
        var head = body.CreateHead(_spec);
        using (no_grad())
            foreach (var (to, from) in ModelCopy.ParametersOf(body, head).Zip(Parameters)) to.copy_(from);
        foreach (var p in ModelCopy.ParametersOf(body, head)) p.requires_grad_(false);
        body.eval();
        head.eval();
        return new ModelCopy(body, head, (e, b) => Forward(body, head, e, b));
    }

    public StageStart Start(ulong generatorSeed = 3) => new(Body, Head, true, new Generator(generatorSeed), CPU, 10, Copy);

    /// <summary>Two sentences of three tokens; class or value targets.</summary>
    public Batch Batch() => new(
        tensor(new long[] { 0, 1, 2, 3, 4, 1 }).reshape(2, 3),
        zeros(2, 3, ScalarType.Int64),
        zeros(2, 3, ScalarType.Bool),
        _spec.Target == TargetKind.Regression ? tensor(new float[] { 0.5f, -1 }) : tensor(new long[] { 0, 1 }));

    /// <summary>The training step the host would build: the forward pass with gradients on.</summary>
    public TrainingStep Step(int step, Batch batch)
    {
        var embeddings = Body.Embed(batch.TokenIds, batch.SegmentIds);
        var states = Body.Encode(embeddings, batch.Padding);
        var pooled = Body.Pool(states, batch.Padding);
        return new TrainingStep(step, batch, embeddings, states, pooled, Head.Predict(states, pooled), e => Forward(Body, Head, e, batch));
    }
}
