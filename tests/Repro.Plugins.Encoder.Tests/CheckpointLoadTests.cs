using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class CheckpointLoadTests
{
    [Fact]
    public void LoadGivesTheTensorsValuesWithEmbeddingRowsTakenByToken()
    {
        var tensors = Checkpoints.Tensors(1);
        var encoder = Checkpoints.Load(Checkpoints.Write(tensors));
        var p = Tiny.Weights(encoder);

        Assert.Equal(Checkpoints.HostTokens.Length, p["wordEmbedding.weight"].shape[0]);
        var rows = Checkpoints.Rows(Checkpoints.HostTokens);
        for (var id = 0; id < rows.Length; id++)
            Assert.True(Bitwise.Equal(p["wordEmbedding.weight"][id], tensors["embeddings.word_embeddings.weight"][rows[id]]), Checkpoints.HostTokens[id]);
        // [PAD] keeps the checkpoint's values: Hugging Face BERT does not zero it.
        Assert.True(p["wordEmbedding.weight"][0].ne(0).any().item<bool>());
        Assert.True(Bitwise.Equal(p["positionEmbedding.weight"], tensors["embeddings.position_embeddings.weight"]));
        Assert.True(Bitwise.Equal(p["layers.1.attention.value.bias"], tensors["encoder.layer.1.attention.self.value.bias"]));
        Assert.True(Bitwise.Equal(p["layers.0.ffnNorm.weight"], tensors["encoder.layer.0.output.LayerNorm.weight"]));
        Assert.True(Bitwise.Equal(p["pooler.weight"], tensors["pooler.dense.weight"]));
        Assert.Equal(1e-7, encoder.Config.LayerNormEps);
        Assert.Equal(0.05, encoder.Config.InitStd);
        Assert.Equal(Checkpoints.MaxPositions, encoder.Config.MaxPositions);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionTensorsLoadAsFloat32(ScalarType dtype)
    {
        var tensors = Checkpoints.Tensors(9).ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point() ? kv.Value.to(dtype) : kv.Value);

        var p = Tiny.Weights(Checkpoints.Load(Checkpoints.Write(tensors)));

        Assert.Equal(ScalarType.Float32, p["layers.0.ffnIn.weight"].dtype);
        Assert.True(Bitwise.Equal(p["layers.0.ffnIn.weight"], tensors["encoder.layer.0.intermediate.dense.weight"].to(ScalarType.Float32)));
    }

    [Fact]
    public void LoadingLeavesNoTemporaryTensorsAlive()
    {
        var folder = Checkpoints.Write(Checkpoints.Tensors(10));
        var stats = TorchSharp.DisposeScopeManager.Statistics;
        var before = stats.ThreadTotalLiveCount;

        var encoder = Checkpoints.Load(folder);

        var live = stats.ThreadTotalLiveCount - before;
        var kept = encoder.parameters().Count() + 5; // the masked-LM head tensors the encoder keeps
        Assert.True(live <= kept, $"{live} tensors alive after loading a model with {kept} parameters and kept head tensors");
    }

    [Fact]
    public void BertPrefixedAndGammaBetaNamesLoad()
    {
        var tensors = Checkpoints.Tensors(2);
        var renamed = tensors.ToDictionary(
            kv => (kv.Key.StartsWith("cls.") ? kv.Key : "bert." + kv.Key).Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta"),
            kv => kv.Value);
        var expected = Tiny.Weights(Checkpoints.Load(Checkpoints.Write(tensors)));

        var loaded = Tiny.Weights(Checkpoints.Load(Checkpoints.Write(renamed)));

        Assert.Equal(expected.Keys.Order(), loaded.Keys.Order());
        Assert.All(expected, kv => Assert.True(Bitwise.Equal(kv.Value, loaded[kv.Key]), kv.Key));
    }

    [Fact]
    public void NotesListTheUnusedPoolerAndHeadsAndVocabularyRows()
    {
        var encoder = Checkpoints.Load(Checkpoints.Write(Checkpoints.Tensors(3)), pooling: "mean");

        Assert.DoesNotContain(encoder.named_parameters(), p => p.name.StartsWith("pooler."));
        Assert.Contains(encoder.Notes, n => n.Contains("pooler.dense.weight") && n.Contains("mean"));
        Assert.Contains(encoder.Notes, n => n.Contains("cls.predictions.bias") && n.Contains("masked-LM head"));
        Assert.Contains(encoder.Notes, n => n.Contains("cls.seq_relationship.weight"));
        var unusedRows = Checkpoints.Vocabulary.Length - Checkpoints.HostTokens.Length;
        Assert.Contains(encoder.Notes, n => n.StartsWith($"{unusedRows} of the checkpoint's {Checkpoints.Vocabulary.Length} vocabulary rows"));
    }

    [Fact]
    public void MaskedLmHeadTakesTheCheckpointsHeadPermutedLikeTheEmbeddings()
    {
        var tensors = Checkpoints.Tensors(4);
        var encoder = Checkpoints.Load(Checkpoints.Write(tensors));

        var head = Tiny.Weights(encoder.CreateHead(new HeadSpec(TargetKind.MaskedLm, Checkpoints.HostTokens.Length)));

        Assert.True(Bitwise.Equal(head["transform.weight"], tensors["cls.predictions.transform.dense.weight"]));
        Assert.True(Bitwise.Equal(head["norm.bias"], tensors["cls.predictions.transform.LayerNorm.bias"]));
        Assert.True(Bitwise.Equal(head["bias"], tensors["cls.predictions.bias"].index_select(0, tensor(Checkpoints.Rows(Checkpoints.HostTokens)))));
    }

    [Fact]
    public void WithoutAnMlmHeadInTheCheckpointTheHeadIsFreshAndClassificationHeadsUseInitializerRange()
    {
        var tensors = Checkpoints.Tensors(5).Where(kv => !kv.Key.StartsWith("cls.")).ToDictionary();
        var encoder = Checkpoints.Load(Checkpoints.Write(tensors));

        var mlm = Tiny.Weights(encoder.CreateHead(new HeadSpec(TargetKind.MaskedLm, Checkpoints.HostTokens.Length)));
        Assert.True(mlm["bias"].eq(0).all().item<bool>());
        Assert.True(mlm["norm.weight"].eq(1).all().item<bool>());
        TorchSharp.torch.manual_seed(3);
        var classifier = Tiny.Weights(encoder.CreateHead(new HeadSpec(TargetKind.Classification, 400)));
        Assert.True(classifier["classifier.bias"].eq(0).all().item<bool>());
        Assert.InRange(classifier["classifier.weight"].std().item<float>(), 0.048, 0.052); // initializer_range 0.05
    }

    public static TheoryData<string> Poolings => ["pooler", "cls", "mean"];

    [Theory]
    [MemberData(nameof(Poolings))]
    public void PoolingModesGiveTheirValues(string pooling)
    {
        var tensors = Checkpoints.Tensors(6);
        var encoder = Checkpoints.Load(Checkpoints.Write(tensors), pooling);
        var batch = Checkpoints.Batch();

        var (states, pooled) = Tiny.Run(encoder, batch.TokenIds, batch.SegmentIds, batch.Padding);

        Assert.Equal(new long[] { 3, Checkpoints.Hidden }, pooled.shape);
        var first = states.select(1, 0);
        using var noGrad = no_grad();
        var expected = pooling switch
        {
            "pooler" => nn.functional.linear(first, tensors["pooler.dense.weight"], tensors["pooler.dense.bias"]).tanh(),
            "cls" => first,
            _ => stack([.. new[] { 8, 5, 3 }.Select((n, row) => states[row, TensorIndex.Slice(0, n)].mean([0L]))]),
        };
        Assert.True(pooled.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}
