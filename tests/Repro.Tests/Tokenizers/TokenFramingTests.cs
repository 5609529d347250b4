using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Each family's framing of a text and a pair (HF's BertTokenizer, RobertaTokenizer, GPT2Tokenizer and LlamaTokenizer,
/// written out by hand), the special roles mapped to the library's own tokens, and truncation within each framing's budget.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TokenFramingTests
{
    private static readonly int[] A = [10, 11], B = [20];

    [Fact]
    public void EachFamilyFramesATextAndAPairAsItsHuggingFaceTokenizerDoes()
    {
        // Roles: 0 pad, 1 unknown, 2 start (<s>, [CLS]), 3 separator/end (</s>, [SEP], <|endoftext|>), 4 mask.
        Assert.Equal("2 10 11 3 | 0 0 0 0", Framed(TokenFraming.Bert, A, null));
        Assert.Equal("2 10 11 3 20 3 | 0 0 0 0 1 1", Framed(TokenFraming.Bert, A, B));
        Assert.Equal("2 10 11 3 | 0 0 0 0", Framed(TokenFraming.Roberta, A, null));
        Assert.Equal("2 10 11 3 3 20 3 | 0 0 0 0 0 0 0", Framed(TokenFraming.Roberta, A, B));
        Assert.Equal("10 11 | 0 0", Framed(TokenFraming.Gpt2, A, null));
        Assert.Equal("10 11 3 20 | 0 0 0 0", Framed(TokenFraming.Gpt2, A, B));
        Assert.Equal("2 10 11 | 0 0 0", Framed(TokenFraming.Llama, A, null));
        Assert.Equal("2 10 11 2 20 | 0 0 0 0 0", Framed(TokenFraming.Llama, A, B));
        foreach (var framing in TokenFraming.All)
            foreach (var b in new[] { null, B })
                Assert.Equal(framing.Specials(b is not null) + A.Length + (b?.Length ?? 0), framing.Frame(A, b).Ids.Length);
    }

    [Fact]
    public void ARobertaFolderGivesRobertasSpecialsAndFraming()
    {
        using var temp = new TempDirectory();
        var folder = RobertaFolder(temp);

        var tokenizer = TokenizerBuilder.Build(FromModel(maxLength: 16), [], folder);

        // Library <s> 0, <pad> 1, </s> 2, <unk> 3, <mask> 11 take the roles; a b c Ġ Ġa ab Ġab (4..10) become 5..11.
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "<mask>", "a", "b", "c", "Ġ", "Ġa", "ab", "Ġab"], tokenizer.Tokens);
        Assert.Equal([10, 11, 7], tokenizer.Pieces("ab abc")); // "ab", " abc": Ġ+a ranks first, then Ġa+b
        Assert.Equal([2L, 10, 11, 7, 3], tokenizer.Encode(new Example("1", "ab abc")).Ids);
        var pair = tokenizer.Encode(new Example("1", "ab", " c"));
        Assert.Equal([2L, 10, 3, 3, 8, 7, 3], pair.Ids);
        Assert.All(pair.Segments, s => Assert.Equal(0L, s));
        var described = tokenizer.Describe();
        Assert.Equal(("bytelevel_bpe", "roberta", false), (described.Type, described.Framing, described.Lowercase!.Value));
        Assert.Equal(["merges.txt", "vocab.json"], described.Files!.Select(f => Path.GetFileName(f.Path)).Order());
    }

    [Fact]
    public void AGpt2FolderSeparatesAPairWithEndOfTextAndHasNoStartToken()
    {
        using var temp = new TempDirectory();
        temp.Write("config.json", """{"model_type": "gpt2"}""");
        temp.Write("vocab.json", """{"a": 0, "b": 1, "c": 2, "Ġ": 3, "Ġa": 4, "ab": 5, "Ġab": 6, "<|endoftext|>": 7}""");
        temp.Write("merges.txt", "#version: 0.2\nĠ a\na b\nĠa b\n");

        var tokenizer = TokenizerBuilder.Build(FromModel(maxLength: 16), [], temp.Path);

        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "<|endoftext|>", "[MASK]", "a", "b", "c", "Ġ", "Ġa", "ab", "Ġab"], tokenizer.Tokens);
        Assert.Equal([10L, 11, 7], tokenizer.Encode(new Example("1", "ab abc")).Ids);
        Assert.Equal([10L, 3, 8, 7], tokenizer.Encode(new Example("1", "ab", " c")).Ids);
        Assert.Equal("gpt2", tokenizer.Describe().Framing);
    }

    [Fact]
    public void TokenizerJsonAloneGivesTheIdsOfVocabJsonAndMerges()
    {
        using var temp = new TempDirectory();
        var pairFolder = RobertaFolder(temp);
        using var json = new TempDirectory();
        json.Write("config.json", """{"model_type": "roberta"}""");
        json.Write("tokenizer.json", """
            {"added_tokens": [{"id": 11, "content": "<mask>", "special": true}],
             "model": {"type": "BPE", "vocab": {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "c": 6, "Ġ": 7, "Ġa": 8, "ab": 9, "Ġab": 10},
                       "merges": [["Ġ", "a"], "a b", ["Ġa", "b"]]}}
            """);

        var fromPair = TokenizerBuilder.Build(FromModel(16), [], pairFolder);
        var fromJson = TokenizerBuilder.Build(FromModel(16), [], json.Path);

        Assert.Equal(fromPair.Tokens, fromJson.Tokens);
        foreach (var text in new[] { "ab abc", "cab  a", " b a ab" }) Assert.Equal(fromPair.Pieces(text), fromJson.Pieces(text));
        Assert.Equal("tokenizer.json", Path.GetFileName(Assert.Single(fromJson.Describe().Files!).Path));
    }

    [Fact]
    public void EachFramingTruncatesToItsOwnBudget()
    {
        using var temp = new TempDirectory();
        var tokenizer = TokenizerBuilder.Build(FromModel(maxLength: 6), [], RobertaFolder(temp));

        // <s> a </s></s> b </s>: four specials leave two pieces, taken from the longer side first.
        var encoded = tokenizer.Encode(new Example("1", "ab ab ab", " c c"));

        Assert.Equal([2L, 10, 3, 3, 8, 3], encoded.Ids);
    }

    [Fact]
    public void TheFramingIsHashedAndAFolderWithoutModelTypeStaysBert()
    {
        using var roberta = new TempDirectory();
        using var gpt2 = new TempDirectory();
        RobertaFolder(roberta);
        foreach (var file in new[] { "vocab.json", "merges.txt" }) File.Copy(Path.Combine(roberta.Path, file), Path.Combine(gpt2.Path, file));
        gpt2.Write("config.json", """{"model_type": "gpt2"}""");

        Assert.NotEqual(TokenizerBuilder.Build(FromModel(16), [], roberta.Path).Hash, TokenizerBuilder.Build(FromModel(16), [], gpt2.Path).Hash);
        Assert.Equal(TokenFraming.Bert, CheckpointTokenizer.FramingOf(Path.Combine(roberta.Path, "no-such-folder")));
        using var bert = new TempDirectory();
        bert.Write("config.json", """{"model_type": "bert"}""");
        Assert.Equal("vocab.txt", CheckpointTokenizer.Missing(bert.Path));
        using var bare = new TempDirectory();
        bare.Write("config.json", """{"model_type": "roberta"}""");
        bare.Write("merges.txt", "");
        Assert.Equal("vocab.json and merges.txt (or tokenizer.json)", CheckpointTokenizer.Missing(bare.Path));
    }

    [Fact]
    public void ALlamaFolderReadsTokenizerModelWithLlamasSpecialsAndFraming()
    {
        using var temp = new TempDirectory();
        temp.Write("config.json", """{"model_type": "llama"}""");
        File.WriteAllBytes(Path.Combine(temp.Path, "tokenizer.model"), SentencePieceModelFile.Bpe(
        [
            ("<unk>", 0, SentencePieceModelFile.Unknown), ("<s>", 0, SentencePieceModelFile.Control), ("</s>", 0, SentencePieceModelFile.Control),
            ("▁", -4, 1), ("a", -5, 1), ("b", -6, 1), ("c", -7, 1), ("▁a", -1, 1), ("ab", -2, 1), ("▁ab", -3, 1),
        ]));

        var tokenizer = TokenizerBuilder.Build(FromModel(maxLength: 16), [], temp.Path);

        // Library <unk> 0, <s> 1, </s> 2 take roles 1, 2, 3; ▁ a b c ▁a ab ▁ab (3..9) become 5..11.
        Assert.Equal(["[PAD]", "<unk>", "<s>", "</s>", "[MASK]", "▁", "a", "b", "c", "▁a", "ab", "▁ab"], tokenizer.Tokens);
        // "ab abc" → ▁ab▁abc: ▁+a scores highest (both), then ▁a+b; c stays.
        Assert.Equal([11, 11, 8], tokenizer.Pieces("ab abc"));
        Assert.Equal([9, 1], tokenizer.Pieces("ax")); // x is not a piece: <unk>
        Assert.Equal([2L, 11, 11, 8], tokenizer.Encode(new Example("1", "ab abc")).Ids);
        Assert.Equal([2L, 11, 2, 5, 8], tokenizer.Encode(new Example("1", "ab", "c")).Ids); // "c" → ▁c is no piece: ▁ c
        Assert.Equal(("sentencepiece", "llama"), (tokenizer.Describe().Type, tokenizer.Describe().Framing));
    }

    /// <summary>The framed ids, then <c>|</c>, then the segments.</summary>
    private static string Framed(TokenFraming framing, int[] a, int[]? b)
    {
        var (ids, segments) = framing.Frame(a, b);
        return $"{string.Join(" ", ids)} | {string.Join(" ", segments)}";
    }

    private static TokenizerSpec FromModel(int maxLength) => new(TokenizerType.WordPiece, "pretrain", maxLength, 1, true, FromModel: true);

    /// <summary>A RoBERTa-layout folder: <c>&lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt;</c> first and <c>&lt;mask&gt;</c> last, as roberta-base's vocab.json.</summary>
    private static string RobertaFolder(TempDirectory temp)
    {
        temp.Write("config.json", """{"model_type": "roberta"}""");
        temp.Write("vocab.json", """{"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "c": 6, "Ġ": 7, "Ġa": 8, "ab": 9, "Ġab": 10, "<mask>": 11}""");
        temp.Write("merges.txt", "#version: 0.2\nĠ a\na b\nĠa b\n");
        return temp.Path;
    }
}
