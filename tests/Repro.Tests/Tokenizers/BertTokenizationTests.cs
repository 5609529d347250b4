using System.Globalization;
using System.Text;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Hugging Face's own BERT tokenizer tests (transformers, tests/models/bert/test_tokenization_bert.py), ported with
/// their tiny vocabularies and expected outputs; then the accent table against ICU and the type names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BertTokenizationTests
{
    /// <summary>The vocabulary of the Python tests' setUp.</summary>
    private const string SetUpVocab = "[UNK]\n[CLS]\n[SEP]\n[PAD]\n[MASK]\nwant\n##want\n##ed\nwa\nun\nrunn\n##ing\n,\nlow\nlowest\n";

    private static string[] Words(BertBasicTokenizer tokenizer, string text) => [.. tokenizer.Words(text)];

    [Fact]
    public void FullTokenizer() // test_full_tokenizer
    {
        using var temp = new TempDirectory();
        var model = WordPieceLibrary.Load(temp.Write("vocab.txt", SetUpVocab), lowercase: true);

        var ids = model.Encode("UNwant\u00E9d,running");

        Assert.Equal([9, 6, 7, 12, 10, 11], ids);
        Assert.Equal(["un", "##want", "##ed", ",", "runn", "##ing"], ids.Select(model.TokenOf));
    }

    [Fact]
    public void Chinese() => // test_chinese
        Assert.Equal(["ah", "\u535A", "\u63A8", "zz"], Words(new BertBasicTokenizer(Lowercase: true), "ah\u535A\u63A8zz"));

    [Fact]
    public void BasicTokenizerLower() // test_basic_tokenizer_lower
    {
        var tokenizer = new BertBasicTokenizer(Lowercase: true);
        Assert.Equal(["hello", "!", "how", "are", "you", "?"], Words(tokenizer, " \tHeLLo!how  \n Are yoU?  "));
        Assert.Equal(["hello"], Words(tokenizer, "H\u00E9llo"));
    }

    [Theory] // test_basic_tokenizer_lower_strip_accents_false / _true / _default, _no_lower, _no_lower_strip_accents_false / _true
    [InlineData(true, false, "hällo", "h\u00E9llo")]
    [InlineData(true, true, "hallo", "hello")]
    [InlineData(true, null, "hallo", "hello")]
    [InlineData(false, false, "HäLLo", null)]
    [InlineData(false, true, "HaLLo", null)]
    public void BasicTokenizerStripAccents(bool lowercase, bool? stripAccents, string hallo, string? hello)
    {
        var tokenizer = new BertBasicTokenizer(lowercase, stripAccents);
        string[] rest = lowercase ? ["how", "are", "you", "?"] : ["how", "Are", "yoU", "?"];
        Assert.Equal([hallo, "!", .. rest], Words(tokenizer, " \tHäLLo!how  \n Are yoU?  "));
        if (hello is not null) Assert.Equal([hello], Words(tokenizer, "H\u00E9llo"));
    }

    [Fact]
    public void BasicTokenizerNoLower() => // test_basic_tokenizer_no_lower
        Assert.Equal(["HeLLo", "!", "how", "Are", "yoU", "?"], Words(new BertBasicTokenizer(Lowercase: false), " \tHeLLo!how  \n Are yoU?  "));

    [Fact]
    public void BasicTokenizerRespectsNeverSplitTokens() => // test_basic_tokenizer_respects_never_split_tokens (our specials are never split)
        Assert.Equal(["HeLLo", "!", "how", "Are", "yoU", "?", "[UNK]"], Words(new BertBasicTokenizer(Lowercase: false), " \tHeLLo!how  \n Are yoU? [UNK]"));

    [Fact]
    public void BasicTokenizerSplitsOnPunctuation() => // test_basic_tokenizer_splits_on_punctuation
        Assert.Equal(["a", "'", "ll", "!", "!", "to", "?", "'", "d", "of", ",", "can", "'", "t", "."],
            Words(new BertBasicTokenizer(Lowercase: true), "a\n'll !!to?'d of, can't."));

    [Fact]
    public void BasicTokenizerRemovesControlChars() => // test_basic_tokenizer_remove_control_chars_true
        Assert.Empty(Words(new BertBasicTokenizer(Lowercase: true), "\u200E\u200F"));

    [Fact]
    public void WordpieceTokenizer() // test_wordpiece_tokenizer
    {
        string[] tokens = ["[UNK]", "[CLS]", "[SEP]", "want", "##want", "##ed", "wa", "un", "runn", "##ing"];
        var wordPiece = new WordPiece(tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i), unkId: 0);
        string[] Tokenize(string text)
        {
            var ids = new List<int>();
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) wordPiece.Encode(word, ids);
            return [.. ids.Select(i => tokens[i])];
        }

        Assert.Empty(Tokenize(""));
        Assert.Equal(["un", "##want", "##ed", "runn", "##ing"], Tokenize("unwanted running"));
        Assert.Equal(["[UNK]", "runn", "##ing"], Tokenize("unwantedX running"));
    }

    [Fact]
    public void WordpieceTurnsAWordOfMoreThan100CodePointsIntoOneUnk()
    {
        var wordPiece = new WordPiece(new Dictionary<string, int> { ["[UNK]"] = 0, ["a"] = 1, ["##a"] = 2 }, unkId: 0);
        var ids = new List<int>();
        wordPiece.Encode(new string('a', 100), ids);
        Assert.Equal([1, .. Enumerable.Repeat(2, 99)], ids);
        ids.Clear();
        wordPiece.Encode(new string('a', 101), ids);
        Assert.Equal([0], ids);
    }

    [Fact]
    public void IsWhitespace() // test_is_whitespace
    {
        foreach (var c in " \t\r\n\u00A0") Assert.True(BertCharacters.IsWhitespace(new Rune(c)), $"U+{(int)c:X4}");
        foreach (var c in "A-") Assert.False(BertCharacters.IsWhitespace(new Rune(c)), c.ToString());
    }

    [Fact]
    public void IsControl() // test_is_control
    {
        Assert.True(BertCharacters.IsControl(new Rune('\u0005')));
        foreach (var c in "A \t\r") Assert.False(BertCharacters.IsControl(new Rune(c)), $"U+{(int)c:X4}");
    }

    [Fact]
    public void IsPunctuation() // test_is_punctuation
    {
        foreach (var c in "-$`.") Assert.True(BertCharacters.IsPunctuation(new Rune(c)), c.ToString());
        foreach (var c in "A ") Assert.False(BertCharacters.IsPunctuation(new Rune(c)), $"U+{(int)c:X4}");
    }

    [Fact]
    public void CleanText() // test_clean_text (tokenizers issue 340: a soft hyphen alone gives nothing)
    {
        using var temp = new TempDirectory();
        var model = WordPieceLibrary.Load(temp.Write("vocab.txt", SetUpVocab), lowercase: true);

        Assert.Equal([[0], [], [0]], new[] { "Test", "\xad", "test" }.Select(t => model.Encode(t).ToArray()));
    }

    [Fact]
    public void ChangeTokenizeChineseChars() // test_change_tokenize_chinese_chars, on bert-base-uncased's vocabulary
    {
        using var temp = new TempDirectory();
        var vocab = MiniLmPackage.WriteVocab(temp.Path);
        var spaced = WordPieceLibrary.Load(vocab, lowercase: true);
        var joined = WordPieceLibrary.Load(vocab, lowercase: true, chineseChars: false);

        Assert.Equal(["的", "人", "有"], spaced.Encode("的人有").Select(spaced.TokenOf));
        Assert.Equal(["的", "##人", "##有"], joined.Encode("的人有").Select(joined.TokenOf));
    }

    [Fact]
    public void OffsetsWithSpecialCharacters() // test_offsets_with_special_characters, tokens only, uncased
    {
        using var temp = new TempDirectory();
        var model = WordPieceLibrary.Load(MiniLmPackage.WriteVocab(temp.Path), lowercase: true);

        Assert.Equal(["a", ",", "naive", "[MASK]", "allen", "##nl", "##p", "sentence", "."],
            model.Encode("A, naïve [MASK] AllenNLP sentence.").Select(model.TokenOf));
    }

    [Fact]
    public void TheAccentTableIsIcusNfdWithoutNonSpacingMarks()
    {
        Assert.True("é".Normalize(NormalizationForm.FormD).Length == 2, "this test needs ICU's normalization: run it without InvariantGlobalization");
        var wrong = new List<string>();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.OtherNotAssigned) continue;
            var expected = new StringBuilder();
            foreach (var r in char.ConvertFromUtf32(cp).Normalize(NormalizationForm.FormD).EnumerateRunes())
                if (!BertCharacters.IsNonSpacingMark(r)) expected.Append(r.ToString());
            var actual = new StringBuilder();
            BertAccents.AppendStripped(new Rune(cp), actual);
            if (actual.ToString() != expected.ToString()) wrong.Add($"U+{cp:X4}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} code points strip otherwise than ICU's NFD: {string.Join(" ", wrong.Take(20))}");
        Assert.Equal(2061, BertAccents.All.Count);
    }

    [Theory]
    [InlineData(true, null, true, "wordpiece")]
    [InlineData(false, null, true, "wordpiece")]
    [InlineData(true, true, true, "wordpiece")]
    [InlineData(false, false, true, "wordpiece")]
    [InlineData(true, false, true, "wordpiece(strip_accents=false)")]
    [InlineData(false, true, true, "wordpiece(strip_accents=true)")]
    [InlineData(true, null, false, "wordpiece(tokenize_chinese_chars=false)")]
    public void TheTypeNamesTheSettingsThatDifferFromTheDefault(bool lowercase, bool? stripAccents, bool chineseChars, string type) =>
        Assert.Equal(type, WordPieceLibrary.TypeName(lowercase, stripAccents, chineseChars));
}
