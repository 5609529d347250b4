using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// Draws sentences whose text lies in one <see cref="TextPartition"/> and was not drawn before by this
/// instance; share one instance across a task's splits to keep the splits disjoint.
/// </summary>
internal sealed class UniqueSentences(SyntheticLanguage language, TextPartition partition)
{
    private const int MaxAttempts = 1_000_000;
    private readonly HashSet<string> _used = [];

    /// <summary>A new sentence of <paramref name="topic"/>, after the optional <paramref name="transform"/>.</summary>
    public Sentence Next(Rng rng, int topic, int maxWords, Func<Sentence, Sentence>? transform = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var sentence = language.Generate(rng, topic, maxWords);
            if (transform is not null) sentence = transform(sentence);
            if (TextPartitions.Of(sentence.Text) == partition && _used.Add(sentence.Text)) return sentence;
        }
        throw new InvalidOperationException(
            $"could not draw a new sentence after {MaxAttempts} attempts: the split sizes exceed what the language offers; lower them or enlarge the lexicon");
    }
}
