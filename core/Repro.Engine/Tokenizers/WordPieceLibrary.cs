using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Tokenizer <c>wordpiece</c>: BERT's tokenizer from a <c>vocab.txt</c> (one token per line, the line number is
/// the id; a CRLF line end is not part of the token; a token listed twice keeps its first id), giving the ids
/// Hugging Face's BertTokenizerFast gives: <see cref="BertBasicTokenizer"/> then <see cref="WordPiece"/>.
/// The file must hold [PAD] [UNK] [CLS] [SEP] [MASK]; they become our specials.
/// </summary>
internal static class WordPieceLibrary
{
    /// <summary>
    /// Loads <paramref name="vocabPath"/> with Hugging Face's <c>do_lower_case</c>, <c>strip_accents</c> (null:
    /// when lower-casing) and <c>tokenize_chinese_chars</c> (see <see cref="BertTokenizerConfig"/>).
    /// </summary>
    public static LibraryModel Load(string vocabPath, bool lowercase, bool? stripAccents = null, bool chineseChars = true)
    {
        var lines = ReadLines(vocabPath);
        var missing = Vocabulary.Specials.Where(s => !lines.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ReproException($"tokenizer.vocab: {vocabPath} lacks {string.Join(" ", missing)}; a WordPiece vocabulary needs {string.Join(" ", Vocabulary.Specials)}");
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < lines.Length; id++) vocabulary.TryAdd(lines[id], id);
        var basic = new BertBasicTokenizer(lowercase, stripAccents, chineseChars);
        var wordPiece = new WordPiece(vocabulary, vocabulary["[UNK]"]);
        return new LibraryModel(TypeName(lowercase, stripAccents, chineseChars),
            text =>
            {
                var ids = new List<int>();
                foreach (var word in basic.Words(text))
                    if (Array.IndexOf(Vocabulary.Specials, word) >= 0) ids.Add(vocabulary[word]);
                    else wordPiece.Encode(word, ids);
                return ids;
            },
            Enumerable.Range(0, lines.Length).ToArray(),
            LibraryModel.SpecialsIn(vocabulary),
            [new ManifestFile(Path.GetFullPath(vocabPath), FileHash.Of(vocabPath))],
            id => lines[id],
            Implementation);
    }

    /// <summary>Recorded in manifests and hashed with the ids: a change to the rules that can change an id bumps it.</summary>
    public const string Implementation = "Repro BERT WordPiece 2 (Hugging Face tokenizers' rules)";

    /// <summary>
    /// <c>wordpiece</c>, or with the settings that differ from the default (accents stripped exactly when
    /// lower-casing, CJK spaced), e.g. <c>wordpiece(strip_accents=false)</c>: the type is hashed, so they count.
    /// </summary>
    internal static string TypeName(bool lowercase, bool? stripAccents, bool chineseChars)
    {
        var settings = new List<string>();
        if ((stripAccents ?? lowercase) != lowercase) settings.Add($"strip_accents={(stripAccents!.Value ? "true" : "false")}");
        if (!chineseChars) settings.Add("tokenize_chinese_chars=false");
        return settings.Count == 0 ? "wordpiece" : $"wordpiece({string.Join(", ", settings)})";
    }

    /// <summary>The lines of vocab.txt split on \n, each without a trailing \r (the last line may lack its \n).</summary>
    internal static string[] ReadLines(string vocabPath)
    {
        var lines = Data.InputFile.ReadText(vocabPath, 64 << 20, "the vocabulary file").Split('\n');
        if (lines[^1].Length == 0) lines = lines[..^1];
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].EndsWith('\r')) lines[i] = lines[i][..^1];
        return lines;
    }
}
