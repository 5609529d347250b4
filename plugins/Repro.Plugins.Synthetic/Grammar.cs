using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// The probabilistic grammar. A sentence is
/// <c>Det Adj* Noun [Prep Det Adj? Noun | Rel ...] [Neg] Verb [Det Adj? Noun] [Conj Clause]</c>;
/// every verb agrees in number with its own subject, never with the attractor in between.
/// </summary>
internal sealed class Grammar(Lexicon lexicon, LanguageSpec spec)
{
    /// <summary>Shortest sentence generated, in words.</summary>
    public const int MinWords = 5;

    private const double AttractorOppositeRate = 0.65, RelativeClauseRate = 0.35, NegationRate = 0.15,
        ObjectRate = 0.7, SecondClauseRate = 0.3, AdjectiveRate = 0.35;

    /// <summary>A sentence of <paramref name="topic"/> with between <see cref="MinWords"/> and <paramref name="maxWords"/> words.</summary>
    public Sentence Generate(Rng rng, int topic, int maxWords)
    {
        while (true)
        {
            var sentence = TryGenerate(rng, topic);
            if (sentence.Words.Count >= MinWords && sentence.Words.Count <= maxWords) return sentence;
        }
    }

    private Sentence TryGenerate(Rng rng, int topic)
    {
        var words = new List<string>(24);
        var subjectPlural = rng.Chance(0.5);
        var subject = NounPhrase(words, rng, topic, subjectPlural, AdjectiveRate);
        int? attractor = null;
        if (rng.Chance(spec.AttractorRate))
        {
            words.Add(rng.Pick(lexicon.Prepositions));
            var plural = rng.Chance(AttractorOppositeRate) ? !subjectPlural : subjectPlural;
            attractor = NounPhrase(words, rng, topic, plural, AdjectiveRate / 2);
        }
        else if (rng.Chance(RelativeClauseRate))
        {
            attractor = RelativeClause(words, rng, topic, subjectPlural);
        }
        if (rng.Chance(NegationRate)) words.Add(rng.Pick(lexicon.Negations));
        var verb = Verb(words, rng, topic, subjectPlural);
        if (rng.Chance(ObjectRate)) NounPhrase(words, rng, topic, rng.Chance(0.5), AdjectiveRate / 2);
        if (rng.Chance(SecondClauseRate)) SecondClause(words, rng, topic);
        return new Sentence(words, topic, subject, verb, attractor);
    }

    /// <summary>"that glims the flims" (subject relative) or "that the flims glim" (object relative); returns the noun's position.</summary>
    private int RelativeClause(List<string> words, Rng rng, int topic, bool headPlural)
    {
        words.Add(rng.Pick(lexicon.Relativizers));
        if (rng.Chance(0.5))
        {
            Verb(words, rng, topic, headPlural);
            return NounPhrase(words, rng, topic, rng.Chance(AttractorOppositeRate) ? !headPlural : headPlural, 0);
        }
        var plural = rng.Chance(AttractorOppositeRate) ? !headPlural : headPlural;
        var noun = NounPhrase(words, rng, topic, plural, 0);
        Verb(words, rng, topic, plural);
        return noun;
    }

    private void SecondClause(List<string> words, Rng rng, int topic)
    {
        words.Add(rng.Pick(lexicon.Conjunctions));
        var plural = rng.Chance(0.5);
        NounPhrase(words, rng, topic, plural, AdjectiveRate / 2);
        if (rng.Chance(NegationRate)) words.Add(rng.Pick(lexicon.Negations));
        Verb(words, rng, topic, plural);
        if (rng.Chance(ObjectRate / 2)) NounPhrase(words, rng, topic, rng.Chance(0.5), 0);
    }

    /// <summary>Adds "Det Adj* Noun" and returns the noun's position.</summary>
    private int NounPhrase(List<string> words, Rng rng, int topic, bool plural, double adjectiveRate)
    {
        words.Add(rng.Pick(lexicon.Determiners));
        string? previous = null;
        for (var i = 0; i < 2 && rng.Chance(adjectiveRate); i++)
        {
            var adjective = Content(rng, WordClass.Adjective, topic).Singular;
            if (adjective != previous) words.Add(previous = adjective);
        }
        words.Add(Content(rng, WordClass.Noun, topic).Form(plural));
        return words.Count - 1;
    }

    private int Verb(List<string> words, Rng rng, int topic, bool plural)
    {
        words.Add(Content(rng, WordClass.Verb, topic).Form(plural));
        return words.Count - 1;
    }

    /// <summary>
    /// A content word: from the shared pool with probability 1 − TopicPurity, else from the topic's own
    /// words, or with probability TopicLeakage from another topic's, so no single word settles the topic.
    /// </summary>
    private Lemma Content(Rng rng, WordClass cls, int topic)
    {
        if (!rng.Chance(spec.TopicPurity)) return rng.Pick(lexicon.SharedPool(cls));
        var owner = rng.Chance(spec.TopicLeakage) ? (topic + 1 + rng.Next(spec.Topics - 1)) % spec.Topics : topic;
        return rng.Pick(lexicon.TopicPool(cls, owner));
    }
}
