using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Vocabulary pruning: compact ids for the tokens a corpus uses, specials kept, the rest [UNK], a hash that tracks the corpus.</summary>
[Trait("Category", "Unit")]
public sealed class PruningTests
{
    private static TextTokenizer Bpe(TempDirectory temp, IEnumerable<string> corpus, int minCount = 1) =>
        TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.Bpe, "pretrain", 16, minCount, true,
            temp.Write("vocab.json", TinyTokenizerFiles.BpeVocab), temp.Write("merges.txt", TinyTokenizerFiles.BpeMerges), Prune: true), corpus);

    [Fact]
    public void KeptTokensGetCompactIdsByCountThenLibraryId()
    {
        using var temp = new TempDirectory();

        var tokenizer = Bpe(temp, ["the cat the", "sat"]);

        // Counts: the (lib 8) 2, cat (lib 10) 1, sat (lib 11) 1 → the 5, cat 6, sat 7.
        Assert.Equal(8, tokenizer.VocabularySize);
        Assert.Equal([5, 6, 7], tokenizer.Pieces("the cat sat"));
        Assert.Equal([Vocabulary.Unk, 6], tokenizer.Pieces("at cat"));
        Assert.Equal([Vocabulary.Cls, 5, Vocabulary.Sep], tokenizer.Encode(new Example("1", "the")).Ids);
        var described = tokenizer.Describe();
        Assert.True(described.Pruned);
        Assert.Equal(1, described.MinCount);
    }

    [Fact]
    public void MinCountDropsRareTokens()
    {
        using var temp = new TempDirectory();

        var tokenizer = Bpe(temp, ["the cat the", "sat"], minCount: 2);

        Assert.Equal(6, tokenizer.VocabularySize);
        Assert.Equal([5, Vocabulary.Unk, Vocabulary.Unk], tokenizer.Pieces("the cat sat"));
    }

    [Fact]
    public void TheMappingHashIsStableAndFollowsTheCorpus()
    {
        using var temp = new TempDirectory();

        var first = Bpe(temp, ["the cat the"]).Hash;

        Assert.Equal(first, Bpe(temp, ["the cat the"]).Hash);
        Assert.NotEqual(first, Bpe(temp, ["the cat cat"]).Hash);
        Assert.NotEqual(first, Bpe(temp, ["the cat the sat"]).Hash);
        Assert.NotEqual(first, TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.Bpe, "pretrain", 16, 1, true,
            Path.Combine(temp.Path, "vocab.json"), Path.Combine(temp.Path, "merges.txt")), []).Hash);
    }

    [Fact]
    public void Gpt2PrunedToAFewWordsKeepsTheirPieces()
    {
        var spec = new TokenizerSpec(TokenizerType.Gpt2, "pretrain", 16, 1, false, Prune: true);

        var tokenizer = TokenizerBuilder.Build(spec, ["Hello world", "Hello there"]);

        // "Hello" (15496) twice, then " world" (995) and " there" (612) once each, by library id.
        Assert.Equal(8, tokenizer.VocabularySize);
        Assert.Equal([5, 6, 7], tokenizer.Pieces("Hello there world"));
        Assert.Equal([5, Vocabulary.Unk], tokenizer.Pieces("Hello dog"));
    }

    [Fact]
    public void AResumeIsRefusedWhenTheMappingChanged()
    {
        using var temp = new TempDirectory();
        var before = Bpe(temp, ["the cat the"]).Describe();
        var now = Bpe(temp, ["the cat cat"]).Describe();
        var manifest = new Manifest(1, new ManifestRecipe("r", "1.0.0", "r.yaml", "x", null), 1, new Dictionary<string, long>(), [],
            new ManifestSoftware("0", "0", "0", "0", "0", new Dictionary<string, string>()), [], new Dictionary<string, ManifestTask>(),
            before, new ManifestMachine("os", "cpu", "avx2", 2, 1, "cpu", new Dictionary<string, string>()), "running", DateTime.UtcNow, null,
            new Dictionary<string, ManifestStage>());

        RunDrift.Check(manifest, manifest with { Tokenizer = before }, allowPluginDrift: false);
        var e = Assert.Throws<Repro.Engine.ReproException>(() => RunDrift.Check(manifest, manifest with { Tokenizer = now }, allowPluginDrift: false));
        Assert.Contains("id mapping changed", e.Message);
    }
}
