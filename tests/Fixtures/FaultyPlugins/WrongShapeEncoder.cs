using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaultyPlugins;

/// <summary>
/// An encoder whose head answers twice as many rows as the batch has: no plugin call throws, the host's loss does.
/// It stands for a bug the host cannot pin on one plugin call (exit 70). It builds no token classification head (a model
/// written before token-level tasks).
/// </summary>
internal sealed class WrongShapeEncoder : Encoder
{
    private readonly Embedding _embedding;

    public WrongShapeEncoder(int vocabularySize) : base("wrong-shape")
    {
        _embedding = nn.Embedding(vocabularySize, HiddenSize);
        RegisterComponents();
    }

    public override int HiddenSize => 4;
    public override Tensor Embed(Tensor tokenIds, Tensor segmentIds) => _embedding.forward(tokenIds);
    public override Tensor Encode(Tensor embeddings, Tensor padding) => embeddings;
    public override Tensor Pool(Tensor states, Tensor padding) => states.mean([1]);
    public override Head CreateHead(HeadSpec spec) => spec.Target == TargetKind.TokenClassification
        ? throw new NotSupportedException("no head tags words")
        : new DoubledHead(HiddenSize, spec.Outputs);

    private sealed class DoubledHead : Head
    {
        private readonly Linear _linear;

        public DoubledHead(int hidden, int outputs) : base("doubled")
        {
            _linear = nn.Linear(hidden, outputs);
            RegisterComponents();
        }

        public override Tensor Predict(Tensor states, Tensor pooled) => _linear.forward(pooled).repeat(2, 1);
    }
}
