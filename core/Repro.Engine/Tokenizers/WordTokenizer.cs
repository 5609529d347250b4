using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>Tokenizer <c>words</c>: whitespace-separated words of a <see cref="Tokenizers.Vocabulary"/> built from the corpus.</summary>
public sealed class WordTokenizer(Vocabulary vocabulary, int maxLength, bool lowercase, int minCount = 1) : TextTokenizer(maxLength)
{
    /// <summary>The vocabulary.</summary>
    public Vocabulary Vocabulary => vocabulary;

    /// <inheritdoc/>
    public override int VocabularySize => vocabulary.Size;

    /// <summary>The vocabulary's hash (unchanged since the first words tokenizer, so older runs stay comparable).</summary>
    public override string Hash => vocabulary.Hash;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Tokens => vocabulary.Tokens;

    /// <summary>The words of a text.</summary>
    public string[] Words(string text) => Split(text, lowercase);

    /// <summary>The words of a text, lower-cased first if asked.</summary>
    public static string[] Split(string text, bool lowercase) =>
        (lowercase ? text.ToLowerInvariant() : text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc/>
    public override List<int> Pieces(string text) => Words(text).Select(vocabulary.Id).ToList();

    /// <inheritdoc/>
    public override ManifestTokenizer Describe() =>
        new("words", vocabulary.Size, vocabulary.Hash, MaxLength, Lowercase: lowercase, MinCount: minCount);
}
