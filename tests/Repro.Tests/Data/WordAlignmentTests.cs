using Repro.Contracts;
using Repro.Engine.Baselines;
using Repro.Engine.Data;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using static TorchSharp.torch;

namespace Repro.Tests;

/// <summary>Word-piece alignment of token-level examples, their batches, and the majority-tag baseline, against hand-worked cases.</summary>
[Trait("Category", "Unit")]
public sealed class WordAlignmentTests
{
    /// <summary>Splits each word into pieces of two characters; ids count from the first free id in order of first use.</summary>
    private sealed class TwoCharPieces(int maxLength) : TextTokenizer(maxLength)
    {
        private readonly Dictionary<string, int> _ids = [];
        public override int VocabularySize => Vocabulary.Specials.Length + _ids.Count;
        public override IReadOnlyList<string> Tokens => [.. Vocabulary.Specials, .. _ids.Keys];
        public override string Hash => "test";
        public override ManifestTokenizer Describe() => throw new NotSupportedException();
        public override List<int> Pieces(string text) =>
            [.. Enumerable.Range(0, (text.Length + 1) / 2).Select(i => text.Substring(2 * i, Math.Min(2, text.Length - 2 * i)))
                .Select(p => _ids.TryGetValue(p, out var id) ? id : _ids[p] = Vocabulary.Specials.Length + _ids.Count)];
    }

    private static Example Tagged(string id, string[] words, int[] tags) => new(id, string.Join(' ', words)) { Words = words, Tags = tags };

    [Fact]
    public void TheFirstPieceOfEachWordCarriesItsTag()
    {
        var encoded = WordAlignment.Encode(new TwoCharPieces(16), Tagged("a", ["abcd", "e", "fghij"], [2, 0, 1]));
        // [CLS] ab cd e fg hi j [SEP]
        Assert.Equal([Vocabulary.Cls, 5, 6, 7, 8, 9, 10, Vocabulary.Sep], encoded.Ids);
        Assert.Equal([-100L, 2, -100, 0, 1, -100, -100, -100], encoded.TokenTargets!);
        Assert.Equal([2L, 0, 1], encoded.WordTags!);
        Assert.All(encoded.Segments, s => Assert.Equal(0L, s));
        Assert.Equal([2L, 0, 1], WordAlignment.WordPredictions(encoded, [9, 2, 9, 0, 1, 9, 9, 9]));
    }

    [Fact]
    public void WordsCutOffByTruncationHaveNoPrediction()
    {
        // Five positions: [CLS] ab cd e [SEP]; "fghij" does not fit.
        var encoded = WordAlignment.Encode(new TwoCharPieces(5), Tagged("a", ["abcd", "e", "fghij"], [2, 0, 1]));
        Assert.Equal(5, encoded.Ids.Length);
        Assert.Equal([-100L, 2, -100, 0, -100], encoded.TokenTargets!);
        Assert.Equal([2L, 0, -1], WordAlignment.WordPredictions(encoded, [0, 2, 0, 0, 0]));
    }

    [Fact]
    public void BatchesPadTargetsWithIgnored()
    {
        var tokenizer = new TwoCharPieces(16);
        var examples = new[] { Tagged("a", ["abcd"], [1]), Tagged("b", ["e", "f"], [0, 2]) }.Select(e => WordAlignment.Encode(tokenizer, e)).ToList();
        using var scope = NewDisposeScope();
        var batch = BatchBuilder.Labelled(examples, TargetKind.TokenClassification, CPU);
        Assert.Equal([2L, 4], batch.Targets.shape);
        Assert.Equal([-100L, 1, -100, -100, -100, 0, 2, -100], batch.Targets.data<long>().ToArray());
    }

    [Fact]
    public void MalformedExamplesAreNamed()
    {
        Assert.Null(WordAlignment.Problem(Tagged("ok", ["a"], [1]), 2));
        Assert.Contains("2 words but 1 tags", WordAlignment.Problem(Tagged("x", ["a", "b"], [1]), 2));
        Assert.Contains("tag 5 of word 0 ('a')", WordAlignment.Problem(Tagged("x", ["a"], [5]), 2));
        Assert.Contains("has no words", WordAlignment.Problem(new Example("x", "a b"), 2));
    }

    [Fact]
    public void MajorityTagPerWordFallsBackToTheMostFrequentTag()
    {
        // "the": tag 0 twice, tag 1 once -> 0. "run": 1 and 2 once each -> the lower, 1. Overall: 0 ×3, 1 ×3, 2 ×2 -> 0.
        var predict = TokenBaselines.MajorityTag(
        [
            Tagged("1", ["the", "run", "dog"], [0, 1, 2]),
            Tagged("2", ["the", "run", "dog"], [0, 2, 1]),
            Tagged("3", ["the", "cat"], [1, 0]),
        ]);
        Assert.Equal([0L, 1, 0, 0], predict(Tagged("t", ["the", "run", "unseen", "cat"], [0, 0, 0, 0])));
    }
}
