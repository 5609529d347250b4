using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary>A loaded checkpoint computes Hugging Face BERT's equations, written out here in plain tensor ops.</summary>
[Trait("Category", "Unit")]
public class CheckpointReferenceTests
{
    [Theory]
    [InlineData("gelu")]
    [InlineData("gelu_new")]
    [InlineData("gelu_pytorch_tanh")]
    [InlineData("relu")]
    public void ForwardEqualsAHandWrittenHuggingFaceForward(string act)
    {
        var tensors = Checkpoints.Tensors(7);
        var encoder = Checkpoints.Load(Checkpoints.Write(tensors, Checkpoints.Config(act)));
        var batch = Checkpoints.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (expectedStates, expectedPooled) = Reference(tensors, act, batch.TokenIds, batch.SegmentIds, batch.Padding);

        var real = (~batch.Padding).unsqueeze(-1).expand_as(states);
        var difference = (states.masked_select(real) - expectedStates.masked_select(real)).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"states differ by {difference}");
        Assert.True((pooled - expectedPooled).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void TheActivationsDifferSoTheTestAboveCanTellThemApart()
    {
        var tensors = Checkpoints.Tensors(7);
        var batch = Checkpoints.Batch();
        var (gelu, _) = Reference(tensors, "gelu", batch.TokenIds, batch.SegmentIds, batch.Padding);
        var (tanh, _) = Reference(tensors, "gelu_new", batch.TokenIds, batch.SegmentIds, batch.Padding);

        Assert.True((gelu - tanh).abs().max().item<float>() > 1e-4);
    }

    private static (Tensor States, Tensor Pooled) Reference(Dictionary<string, Tensor> t, string act, Tensor ids, Tensor segments, Tensor padding)
    {
        using var noGrad = no_grad();
        const double eps = 1e-7; // Checkpoints.Config's layer_norm_eps
        Tensor Ln(Tensor x, string name) => nn.functional.layer_norm(x, [Checkpoints.Hidden], t[name + ".weight"], t[name + ".bias"], eps);
        Tensor Dense(Tensor x, string name) => x.matmul(t[name + ".weight"].t()) + t[name + ".bias"];
        Tensor Act(Tensor x) => act switch
        {
            "gelu" => 0.5 * x * (1 + (x / Math.Sqrt(2)).erf()),
            "relu" => x.clamp_min(0),
            _ => 0.5 * x * (1 + (Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)).tanh()),
        };

        var rows = tensor(Checkpoints.Rows(Checkpoints.HostTokens));
        var length = ids.shape[1];
        var x = t["embeddings.word_embeddings.weight"][rows.index_select(0, ids.flatten())].view(ids.shape[0], length, -1)
                + t["embeddings.position_embeddings.weight"][TensorIndex.Slice(0, length)]
                + t["embeddings.token_type_embeddings.weight"][segments];
        x = Ln(x, "embeddings.LayerNorm");
        var mask = (1 - (~padding).to(ScalarType.Float32)).view(ids.shape[0], 1, 1, length) * -10000f;
        var headSize = Checkpoints.Hidden / Checkpoints.Heads;
        Tensor Split(Tensor y) => y.view(ids.shape[0], length, Checkpoints.Heads, headSize).transpose(1, 2);
        for (var l = 0; l < Checkpoints.Layers; l++)
        {
            var p = $"encoder.layer.{l}.";
            var q = Split(Dense(x, p + "attention.self.query"));
            var k = Split(Dense(x, p + "attention.self.key"));
            var v = Split(Dense(x, p + "attention.self.value"));
            var probabilities = (q.matmul(k.transpose(-1, -2)) / Math.Sqrt(headSize) + mask).softmax(-1);
            var context = probabilities.matmul(v).transpose(1, 2).reshape(ids.shape[0], length, Checkpoints.Hidden);
            x = Ln(x + Dense(context, p + "attention.output.dense"), p + "attention.output.LayerNorm");
            x = Ln(x + Dense(Act(Dense(x, p + "intermediate.dense")), p + "output.dense"), p + "output.LayerNorm");
        }
        return (x, Dense(x.select(1, 0), "pooler.dense").tanh());
    }
}
