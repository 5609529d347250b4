using Repro.Contracts;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>
/// Repro's own forward pass on the imported all-MiniLM-L6-v2 against an independent implementation: ONNX Runtime
/// running the package's original graph, on real sentences with Repro's own token ids. Last-layer states at real
/// positions within 1e-4 max-abs, mean-pooled sentence vectors at cosine ≥ 0.99999.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class OnnxAgreementTests(MiniLmFixture fixture, ITestOutputHelper output)
    : OnnxAgreement(fixture, output), IClassFixture<MiniLmFixture>;

/// <summary>The same agreement for the imported Snowflake arctic-embed-xs (a graph without a pooler).</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ArcticXsOnnxAgreementTests(ArcticXsFixture fixture, ITestOutputHelper output)
    : OnnxAgreement(fixture, output), IClassFixture<ArcticXsFixture>;

/// <summary>
/// Repro's forward pass on an imported known model against ONNX Runtime running the model's original graph, on
/// 240 real sentences with Repro's own token ids.
/// </summary>
public abstract class OnnxAgreement(ImportedModelFixture fixture, ITestOutputHelper output)
{
    private const int Batch = 16;

    [Fact]
    public void ReprosForwardPassMatchesOnnxRuntimeOnRealSentences()
    {
        var (maxAbs, minCosine, sentences) = Compare(perturb: false);
        output.WriteLine($"{fixture.Model.Name}, {sentences} sentences: max |Δ| {maxAbs:E2}, min cosine of mean-pooled vectors {minCosine:F9}");
        Assert.True(maxAbs <= 1e-4, $"max-abs difference {maxAbs:E3} exceeds 1e-4");
        Assert.True(minCosine >= 0.99999, $"lowest cosine {minCosine:F9} is below 0.99999");
    }

    [Fact]
    public void APerturbedWeightIsCaught()
    {
        var (maxAbs, _, _) = Compare(perturb: true);
        Assert.True(maxAbs > 1e-4, $"a weight changed by 1e-3 went unnoticed (max-abs {maxAbs:E3})");
    }

    /// <summary>Runs both implementations over 240 UCI sentences (80 per domain) in batches of 16.</summary>
    private (double MaxAbs, double MinCosine, int Sentences) Compare(bool perturb)
    {
        var texts = new[] { "amazon", "imdb", "yelp" }.SelectMany(d => HfReference.UciSentences(d).Take(80)).ToList();
        var tokenizer = TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.WordPiece, "", 128, 1, true, FromModel: true), [], fixture.Folder);
        var checkpointRow = File.ReadAllLines(Path.Combine(fixture.Folder, "vocab.txt")).Select((t, i) => (t, i))
            .GroupBy(x => x.t).ToDictionary(g => g.Key, g => (long)g.First().i);
        var plugin = PluginCatalog.Load([Paths.BuiltInPlugins], includeBuiltIns: false).Find("bert-encoder")!;
        var parameters = plugin.CreateDefaultParameters();
        parameters.GetType().GetProperty("Pooling")!.SetValue(parameters, "mean");
        var context = new ModelContext(tokenizer.VocabularySize, tokenizer.MaxLength, Vocabulary.Pad, tokenizer.Tokens, fixture.Folder);
        using var onnx = OnnxReference.For(fixture.Model);
        using var encoder = ((IModelPlugin)plugin.Instance).Build(parameters, context);
        encoder.eval();
        if (perturb)
            using (no_grad())
                encoder.named_parameters().First(p => p.name.Contains("3") && p.name.EndsWith("bias")).parameter.add_(1e-3);

        double maxAbs = 0, minCosine = 1;
        foreach (var chunk in texts.Chunk(Batch))
        {
            var encoded = chunk.Select((t, i) => tokenizer.Encode(new Example($"s{i}", t))).ToList();
            var length = encoded.Max(e => e.Ids.Length);
            var ids = new long[chunk.Length * length];
            var hfIds = new long[chunk.Length * length];
            var mask = new long[chunk.Length * length];
            for (var b = 0; b < chunk.Length; b++)
                for (var t = 0; t < encoded[b].Ids.Length; t++)
                {
                    ids[b * length + t] = encoded[b].Ids[t];
                    hfIds[b * length + t] = checkpointRow[tokenizer.Tokens[(int)encoded[b].Ids[t]]];
                    mask[b * length + t] = 1;
                }
            var (reference, _) = onnx.LastHiddenState(hfIds, mask, new long[ids.Length], chunk.Length, length);

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var padding = tensor(mask.Select(m => m == 0).ToArray()).reshape(chunk.Length, length);
            var idTensor = tensor(ids).reshape(chunk.Length, length);
            var states = encoder.Encode(encoder.Embed(idTensor, zeros_like(idTensor)), padding);
            var ours = states.data<float>().ToArray();
            var pooled = encoder.Pool(states, padding).data<float>().ToArray();
            var hidden = encoder.HiddenSize;
            for (var b = 0; b < chunk.Length; b++)
            {
                var theirMean = new double[hidden];
                var real = encoded[b].Ids.Length;
                for (var t = 0; t < real; t++)
                    for (var d = 0; d < hidden; d++)
                    {
                        var i = (b * length + t) * hidden + d;
                        maxAbs = Math.Max(maxAbs, Math.Abs(ours[i] - reference[i]));
                        theirMean[d] += reference[i] / real;
                    }
                minCosine = Math.Min(minCosine, Cosine(pooled.AsSpan(b * hidden, hidden), theirMean));
            }
        }
        return (maxAbs, minCosine, texts.Count);
    }

    private static double Cosine(ReadOnlySpan<float> a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < b.Length; i++) { dot += a[i] * b[i]; na += a[i] * (double)a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
