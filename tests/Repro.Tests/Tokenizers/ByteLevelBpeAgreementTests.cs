using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;
using Xunit.Abstractions;

namespace Repro.Tests;

/// <summary>
/// Byte-level BPE from a folder gives the ids of tests/reference/bytelevel_bpe.py (OpenAI's encoder.py rules) on
/// GPT-2's vocabulary (written as vocab.json + merges.txt from the offline gpt2.tiktoken ranks): the 3,003 UCI sentiment
/// sentences and the edge cases; RoBERTa's framing of pairs matches RobertaTokenizer's <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ByteLevelBpeAgreementTests : IDisposable
{
    private readonly TempDirectory _gpt2 = new();
    private readonly Dictionary<string, int> _vocab;
    private readonly ITestOutputHelper _output;

    public ByteLevelBpeAgreementTests(ITestOutputHelper output) => (_vocab, _output) = (Gpt2VocabularyFiles.Write(_gpt2.Path), output);

    public void Dispose() => _gpt2.Dispose();

    /// <summary>Byte-level edge cases beside WordPiece's: whitespace runs before words and at the end, contractions, digits.</summary>
    public static readonly string[] EdgeCases =
    [
        .. WordPieceAgreementTests.EdgeCases,
        "  two leading spaces,   three inside and trailing   ",
        "tabs\t\tand\n\nnewlines \n mixed\r\n\tend\n",
        "it's they're we've I'm you'll he'd IT'S 's 't 'x '",
        "digits 123 4567890 3.14159 1,000,000 ٣ ½ ² Ⅻ 0x1F",
        "long " + string.Concat(Enumerable.Repeat("antidisestablishmentarianism", 8)) + " " + new string('x', 300),
        "emoji👍🏽mixed😀with🇫🇷letters and 𝐀𝐁𝐂x xℵ",
        "astral letters and digits: x𝐀, a𝐀b 𝟏𝟐3 𝟏. 𠀀x 'll𝐀 ,𝐀 🙂𝐀 𐐀𐐨",
        "Ünïcödé àccents: café naïve résumé Zürich São Paulo",
        "<|endoftext|> <s> </s> <mask> [CLS]",
        "\u00A0nbsp \u2003em \u3000ideographic\u0085nel",
    ];

    [Fact]
    public void Gpt2FilesFromTheOfflineRanksAreGpt2s()
    {
        // Known from GPT-2's own files: the first merges, a few ids, and "Hello world" → 15496 995.
        var merges = File.ReadLines(Path.Combine(_gpt2.Path, "merges.txt")).Take(6).ToArray();
        Assert.Equal(["#version: 0.2", "Ġ t", "Ġ a", "h e", "i n", "r e"], merges);
        Assert.Equal((0, 262, 50256), (_vocab["!"], _vocab["Ġthe"], _vocab["<|endoftext|>"]));
        Assert.Equal(50000, File.ReadLines(Path.Combine(_gpt2.Path, "merges.txt")).Count() - 1);
        Assert.Equal([15496, 995], Reference(["Hello world"])[0]);
    }

    [Fact]
    public void RealSentencesAndEdgeCasesGiveTheReferencesIds()
    {
        var sentences = HfReference.UciSentences().Concat(EdgeCases).ToList();
        Assert.Equal(3003 + EdgeCases.Length, sentences.Count);

        var model = ByteLevelBpeLibrary.Load(_gpt2.Path, TokenFraming.Gpt2);
        var expected = Reference(sentences);

        AssertSameIds(sentences, expected, model);
    }

    [Fact]
    public void TheBuiltInGpt2TokenizerGivesTheSameIdsButReadsEndOfTextAsTheSpecialToken()
    {
        // Tiktoken on the same ranks (tokenizer type gpt2) agrees, except that it reads "<|endoftext|>" written in the
        // text as the special token 50256 (as Hugging Face's GPT2Tokenizer does); encoder.py spells it out.
        var sentences = HfReference.UciSentences().Concat(EdgeCases).ToList();
        var tiktoken = TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.Gpt2, "", 4096, 1, false), []);
        var expected = Reference(sentences);

        var differing = Enumerable.Range(0, sentences.Count).Where(i => !tiktoken.Pieces(sentences[i]).SequenceEqual(expected[i].Select(id => id + 5))).ToList();

        _output.WriteLine($"tokenizer gpt2 (Tiktoken) differs from encoder.py on {differing.Count} of {sentences.Count}: {string.Join(" | ", differing.Take(5).Select(i => sentences[i]))}");
        Assert.Equal([sentences.FindIndex(s => s.StartsWith("<|endoftext|>", StringComparison.Ordinal))], differing);
        Assert.Equal(50256 + 5, tiktoken.Pieces("<|endoftext|>").Single());
    }

    [Fact]
    public void RobertaFramesPairsAsRobertaTokenizer()
    {
        using var roberta = new TempDirectory();
        // roberta-base's layout: <s> <pad> </s> <unk> first, GPT-2's tokens after them, <mask> last.
        var vocab = new Dictionary<string, int> { ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3 };
        foreach (var (token, id) in _vocab.Where(kv => kv.Key != "<|endoftext|>")) vocab[token] = id + 4;
        vocab["<mask>"] = vocab.Count;
        File.WriteAllText(Path.Combine(roberta.Path, "config.json"), """{"model_type": "roberta"}""");
        File.WriteAllText(Path.Combine(roberta.Path, "vocab.json"), System.Text.Json.JsonSerializer.Serialize(vocab));
        File.Copy(Path.Combine(_gpt2.Path, "merges.txt"), Path.Combine(roberta.Path, "merges.txt"));
        var pairs = HfReference.UciSentences("yelp").Take(200).Chunk(2).Select(p => (p[0], p[1])).Append(("it's", " 😀 tabs\tx")).ToList();
        var tokenizer = TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.WordPiece, "", 512, 1, true, FromModel: true), [], roberta.Path);
        var modelId = tokenizer.Tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => (long)x.i);
        var libraryToken = vocab.ToDictionary(kv => kv.Value, kv => kv.Key);
        var referenceIds = Reference(pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).ToList());

        for (var k = 0; k < pairs.Count; k++)
        {
            long[] Mapped(int[] ids) => [.. ids.Select(id => modelId[libraryToken[id + 4]])];
            // RobertaTokenizer.build_inputs_with_special_tokens: cls + a + sep + sep + b + sep; token types all 0.
            long[] expected = [modelId["<s>"], .. Mapped(referenceIds[2 * k]), modelId["</s>"], modelId["</s>"], .. Mapped(referenceIds[2 * k + 1]), modelId["</s>"]];
            var encoded = tokenizer.Encode(new Example("1", pairs[k].Item1, pairs[k].Item2));
            Assert.Equal(expected, encoded.Ids);
            Assert.All(encoded.Segments, s => Assert.Equal(0L, s));
        }
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "<mask>"], tokenizer.Tokens.Take(5));
    }

    [Fact]
    public void TheComparisonCatchesAPatternWithoutContractions()
    {
        // encoder.py splits "'s" "'t" "'re" ... before letters; a pattern without them joins "'" with what follows.
        var sentences = HfReference.UciSentences().Concat(EdgeCases).ToList();
        var model = ByteLevelBpeLibrary.Load(_gpt2.Path, TokenFraming.Gpt2);
        var wrong = ByteLevelBpeLibrary.Create(ByteLevelBpeLibrary.ReadVocab(Path.Combine(_gpt2.Path, "vocab.json")),
            ByteLevelBpeLibrary.ReadMerges(Path.Combine(_gpt2.Path, "merges.txt")), TokenFraming.Gpt2, [],
            ByteLevelBpeLibrary.Pattern.Replace("'s|'t|'re|'ve|'m|'ll|'d|", ""));
        var expected = Reference(sentences);

        Assert.Empty(Differing(sentences, expected, model));
        var differing = Differing(sentences, expected, wrong);
        Assert.Contains(differing, i => sentences[i].StartsWith("it's they're", StringComparison.Ordinal));
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameIds(sentences, expected, wrong));
        Assert.Contains($"{differing.Count} of {sentences.Count} sentences", failure.Message);
    }

    private int[][] Reference(IReadOnlyList<string> sentences)
    {
        var ids = PythonReference.Run<int[][]>("bytelevel_bpe.py", [Path.Combine(_gpt2.Path, "vocab.json"), Path.Combine(_gpt2.Path, "merges.txt")], sentences);
        Assert.Equal(sentences.Count, ids.Length);
        return ids;
    }

    private static List<int> Differing(List<string> sentences, int[][] expected, LibraryModel model) =>
        Enumerable.Range(0, sentences.Count).Where(i => !model.Encode(sentences[i]).SequenceEqual(expected[i])).ToList();

    private static void AssertSameIds(List<string> sentences, int[][] expected, LibraryModel model)
    {
        var differing = Differing(sentences, expected, model);
        if (differing.Count == 0) return;
        var shown = differing.Take(8).Select(i =>
            $"  {sentences[i]}\n    reference: [{string.Join(", ", expected[i])}]\n    ours:      [{string.Join(", ", model.Encode(sentences[i]))}]");
        throw new Xunit.Sdk.XunitException($"{differing.Count} of {sentences.Count} sentences get other ids than encoder.py's; the first:\n{string.Join("\n", shown)}");
    }
}
