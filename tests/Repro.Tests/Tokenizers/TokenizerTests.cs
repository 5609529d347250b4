using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Each tokenizer type on tiny hand-made files (every id checked by hand) and GPT-2 on known ids.</summary>
[Trait("Category", "Unit")]
public sealed class TokenizerTests
{
    private static TokenizerSpec Spec(string type, string? vocab = null, string? merges = null, bool lowercase = true, bool prune = false, int minCount = 1, int maxLength = 16) =>
        new(Enum.Parse<TokenizerType>(type, ignoreCase: true), "pretrain", maxLength, minCount, lowercase, vocab, merges, prune);

    [Fact]
    public void WordsKeepTheirIdsAndTheirHash()
    {
        var tokenizer = TokenizerBuilder.Build(Spec("words"), ["b A b", "c b a"]);

        Assert.Equal(8, tokenizer.VocabularySize);
        Assert.Equal([Vocabulary.Cls, 6, 5, 7, 1, Vocabulary.Sep], tokenizer.Encode(new Example("1", "a B c zzz")).Ids);
        // SHA-256 of "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nb\na\nc": the hash words runs have always recorded.
        Assert.Equal(Sha256("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nb\na\nc"), tokenizer.Hash);
        Assert.Equal("words", tokenizer.Describe().Type);
    }

    [Fact]
    public void TheTinyTransferVocabularyIsTheOneItsRunsRecorded()
    {
        var (recipe, _) = RecipeLoader.Load(Path.Combine(Paths.Recipes, "tiny-transfer.yaml"), [], [Paths.BuiltInPlugins]);
        var stage = recipe.Stages.Single(s => s.Name == recipe.Tokenizer.VocabularyFrom);
        var seeds = new Repro.Engine.Determinism.SeedTree(1);
        var component = stage.NamedTasks.Single().Task;
        var task = ((ITaskPlugin)component.Plugin.Instance).Load(component.Parameters, new TaskContext(recipe.Document.Directory, seeds.For(Repro.Engine.Determinism.SeedPurpose.Data(component.Id))));

        var tokenizer = TokenizerBuilder.Build(recipe.Tokenizer, task.Get("train")!.Select(e => e.Text));

        // manifest.json of its runs (as quickstart@1.1.0) made with the words-only tokenizer (before Microsoft.ML.Tokenizers).
        Assert.Equal(315, tokenizer.VocabularySize);
        Assert.Equal("7fab1fbb834bac62a8912e735f7b013605dca5997d297f5ba179e8f547bd9fba", tokenizer.Hash);
    }

    [Fact]
    public void WordPieceMapsTheVocabularysOwnSpecialsOntoOurs()
    {
        using var temp = new TempDirectory();
        var vocab = temp.Write("vocab.txt", TinyTokenizerFiles.WordPieceVocab);

        var tokenizer = TokenizerBuilder.Build(Spec("wordpiece", vocab), []);

        // Library ids: the 0, [UNK] 1, cat 2, [PAD] 3, ##s 4, [CLS] 5, [SEP] 6, [MASK] 7, sat 8, . 9.
        // Model ids: specials 0..4, then the, cat, ##s, sat, . as 5..9.
        Assert.Equal(10, tokenizer.VocabularySize);
        Assert.Equal([5, 6, 7, 8, 9], tokenizer.Pieces("The cats sat."));
        Assert.Equal([Vocabulary.Unk, 6], tokenizer.Pieces("dog cat"));
        Assert.Equal([Vocabulary.Cls, 6, Vocabulary.Sep, 8, Vocabulary.Sep], tokenizer.Encode(new Example("1", "cat", "sat")).Ids);
        var described = tokenizer.Describe();
        Assert.Equal("wordpiece", described.Type);
        Assert.Equal(WordPieceLibrary.Implementation, described.Library);
        Assert.Equal(Repro.Engine.Runs.FileHash.Of(vocab), Assert.Single(described.Files!).Sha256);
        Assert.False(described.Pruned);
    }

    [Fact]
    public void BpeEncodesWithItsMergesAndUnknownCharactersBecomeUnk()
    {
        using var temp = new TempDirectory();
        var vocab = temp.Write("vocab.json", TinyTokenizerFiles.BpeVocab);
        var merges = temp.Write("merges.txt", TinyTokenizerFiles.BpeMerges);

        var tokenizer = TokenizerBuilder.Build(Spec("bpe", vocab, merges), []);

        // Library [UNK] 0 → 1; library ids 1..11 → model ids 5..15 (t 5 ... the 12, at 13, cat 14, sat 15).
        Assert.Equal(16, tokenizer.VocabularySize);
        Assert.Equal([12, 14, 15, Vocabulary.Unk, 13], tokenizer.Pieces("the cat sat xat"));
        Assert.Equal([5, 6], tokenizer.Pieces("t h"));
        Assert.Equal(2, tokenizer.Describe().Files!.Count);
    }

    [Fact]
    public void Gpt2GivesGpt2sOwnIdsShiftedPastTheSpecials()
    {
        var tokenizer = TokenizerBuilder.Build(Spec("gpt2", lowercase: false), []);

        // GPT-2 ids: "Hello" 15496, " world" 995; "The quick brown fox jumps over the lazy dog." below.
        Assert.Equal([15496 + 5, 995 + 5], tokenizer.Pieces("Hello world"));
        Assert.Equal(new[] { 464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13 }.Select(id => id + 5),
            tokenizer.Pieces("The quick brown fox jumps over the lazy dog."));
        Assert.Equal(50257 + 5, tokenizer.VocabularySize);
        var file = Assert.Single(tokenizer.Describe().Files!);
        Assert.Contains("gpt2.tiktoken", file.Path);
        Assert.Equal(64, file.Sha256.Length);
    }

    [Fact]
    public void PairsAreTruncatedLongerSideFirst()
    {
        var tokenizer = TokenizerBuilder.Build(Spec("gpt2", lowercase: false, maxLength: 8), []);

        var encoded = tokenizer.Encode(new Example("1", "Hello world", " a a a a a a a a"));

        // [CLS] Hello world [SEP] a a a [SEP]: the pair gave up tokens until both fit 8.
        Assert.Equal(8, encoded.Ids.Length);
        Assert.Equal([Vocabulary.Cls, 15496 + 5, 995 + 5, Vocabulary.Sep], encoded.Ids[..4]);
        Assert.Equal([0L, 0, 0, 0, 1, 1, 1, 1], encoded.Segments);
    }

    [Fact]
    public void ChangingLowercaseChangesTheHash()
    {
        Assert.NotEqual(TokenizerBuilder.Build(Spec("gpt2", lowercase: true), []).Hash, TokenizerBuilder.Build(Spec("gpt2", lowercase: false), []).Hash);
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
