using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Integration")]
public class TrainingTests
{
    [Theory]
    [InlineData("post", "pooler")]
    [InlineData("pre", "mean")]
    public void AdamLearnsWhetherToken5Occurs(string norm, string pooling)
    {
        var encoder = Tiny.Build(21, Tiny.Parameters(norm, pooling, layers: 1, dropout: 0));
        TorchSharp.torch.manual_seed(21);
        var head = encoder.CreateHead(new HeadSpec(TargetKind.Classification, 2));
        var (ids, labels) = Data(64, 8, new Rng(5));
        var segments = zeros_like(ids);
        var padding = ids.eq(Tiny.PaddingId);
        var optimizer = optim.Adam(encoder.parameters().Concat(head.parameters()), lr: 3e-3);
        encoder.train();
        head.train();

        var losses = new List<float>();
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            var states = encoder.Encode(encoder.Embed(ids, segments), padding);
            var loss = nn.functional.cross_entropy(head.Predict(states, encoder.Pool(states, padding)), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]:F3} → {losses[^1]:F3}");
    }

    /// <summary>Rows of random tokens 1..19 with random lengths; label 1 when token 5 occurs (half the rows).</summary>
    private static (Tensor Ids, Tensor Labels) Data(int rows, int length, Rng rng)
    {
        var ids = new long[rows, length];
        var labels = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var real = 3 + rng.Next(length - 2);
            for (var i = 0; i < real; i++)
            {
                long token;
                do token = 1 + rng.Next(Tiny.Vocabulary - 1); while (token == 5);
                ids[r, i] = token;
            }
            labels[r] = r % 2;
            if (labels[r] == 1) ids[r, rng.Next(real)] = 5;
        }
        return (tensor(ids), tensor(labels));
    }
}
