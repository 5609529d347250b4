using Repro.Engine.Recipes;

namespace Repro.Engine.Tokenizers;

/// <summary>Makes the recipe's tokenizer. Types: words, gpt2, wordpiece, bpe.</summary>
public static class TokenizerBuilder
{
    /// <summary>
    /// Builds the tokenizer of <paramref name="spec"/>. <paramref name="corpus"/> (the training texts of
    /// <c>vocabulary_from</c>) defines a words vocabulary and, with <c>prune</c>, which library tokens are kept.
    /// With <c>from: model</c>, <paramref name="checkpoint"/> is the model's checkpoint folder, whose files define the
    /// tokenizer and whose model type its framing (<see cref="CheckpointTokenizer"/>).
    /// </summary>
    public static TextTokenizer Build(TokenizerSpec spec, IEnumerable<string> corpus, string? checkpoint = null)
    {
        if (spec.FromModel)
        {
            if (checkpoint is null) throw new ReproException("tokenizer.from: model needs recipe.model to name a checkpoint");
            var (library, lowercase, framing) = CheckpointTokenizer.Load(checkpoint);
            var ids = spec.Prune ? IdMapping.Pruned(library, IdMapping.Count(library, corpus), spec.MinCount) : IdMapping.Full(library);
            return new LibraryTokenizer(library, ids, spec.MaxLength, lowercase, spec.Prune ? spec.MinCount : null, framing);
        }
        if (spec.Type == TokenizerType.Words)
        {
            var sentences = corpus.Select(text => WordTokenizer.Split(text, spec.Lowercase));
            return new WordTokenizer(Vocabulary.Build(sentences, spec.MinCount), spec.MaxLength, spec.Lowercase, spec.MinCount);
        }
        var model = Load(spec);
        var mapping = spec.Prune ? IdMapping.Pruned(model, IdMapping.Count(model, corpus), spec.MinCount) : IdMapping.Full(model);
        return new LibraryTokenizer(model, mapping, spec.MaxLength, spec.Lowercase, spec.Prune ? spec.MinCount : null);
    }

    private static LibraryModel Load(TokenizerSpec spec)
    {
        try
        {
            return spec.Type switch
            {
                TokenizerType.Gpt2 => Gpt2Library.Load(spec.Lowercase),
                TokenizerType.WordPiece => WordPieceLibrary.Load(Required(spec.Vocab, "vocab"), spec.Lowercase),
                TokenizerType.Bpe => BpeLibrary.Load(Required(spec.Vocab, "vocab"), Required(spec.Merges, "merges"), spec.Lowercase),
                _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "a tokenizer type without a library"),
            };
        }
        catch (Exception e) when (e is not ReproException and not OutOfMemoryException)
        {
            throw new ReproException($"tokenizer {MappingReader.Name(spec.Type)}: the tokenizer files could not be loaded ({spec.Vocab} {spec.Merges}): {e.Message}");
        }
    }

    private static string Required(string? path, string field) =>
        path ?? throw new ReproException($"tokenizer.{field} is required for this tokenizer type");
}
