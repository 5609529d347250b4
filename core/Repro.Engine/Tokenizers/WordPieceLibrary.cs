using Microsoft.ML.Tokenizers;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Tokenizer <c>wordpiece</c>: BERT's WordPiece from a <c>vocab.txt</c> (one token per line, the line
/// number is the id), with BERT's basic tokenization (punctuation split, accents stripped when lower-casing).
/// The file must hold [PAD] [UNK] [CLS] [SEP] [MASK]; they become our specials.
/// </summary>
internal static class WordPieceLibrary
{
    /// <summary>Loads <paramref name="vocabPath"/>.</summary>
    public static LibraryModel Load(string vocabPath, bool lowercase)
    {
        var lines = File.ReadAllLines(vocabPath);
        var missing = Vocabulary.Specials.Where(s => !lines.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ReproException($"tokenizer.vocab: {vocabPath} lacks {string.Join(" ", missing)}; a WordPiece vocabulary needs {string.Join(" ", Vocabulary.Specials)}");
        var tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = lowercase });
        // The library keeps the first id of a token that appears twice; so do we.
        var vocabulary = lines.Select((token, id) => KeyValuePair.Create(token, id)).DistinctBy(kv => kv.Key, StringComparer.Ordinal);
        return new LibraryModel("wordpiece",
            text => tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true),
            Enumerable.Range(0, lines.Length).ToArray(),
            LibraryModel.SpecialsIn(vocabulary),
            [new ManifestFile(Path.GetFullPath(vocabPath), Runs.FileHash.Of(vocabPath))],
            id => lines[id]);
    }
}
