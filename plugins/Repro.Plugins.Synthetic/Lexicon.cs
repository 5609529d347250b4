using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// The words of the language: function words, per-topic content words and a shared pool of
/// content words. Every form is a distinct lower-case ASCII pseudo-word.
/// </summary>
internal sealed class Lexicon
{
    private const int DeterminerCount = 6, PrepositionCount = 10, ConjunctionCount = 5, NegationCount = 3, RelativizerCount = 2;

    private readonly Lemma[][][] _topicPools; // [class][topic]
    private readonly Lemma[][] _sharedPools;  // [class]
    private readonly Dictionary<string, (Lemma Lemma, bool Plural)> _contentForms = [];

    /// <summary>Draws the lexicon for <paramref name="spec"/> from the stream <paramref name="rng"/>.</summary>
    public Lexicon(LanguageSpec spec, Rng rng)
    {
        var words = new PseudoWords(rng);
        string[] Function(int count) => [.. Enumerable.Range(0, count).Select(_ => words.Next(1))];
        Determiners = Function(DeterminerCount);
        Prepositions = Function(PrepositionCount);
        Conjunctions = Function(ConjunctionCount);
        Negations = Function(NegationCount);
        Relativizers = Function(RelativizerCount);

        int[] perTopic = [spec.NounsPerTopic, spec.VerbsPerTopic, spec.AdjectivesPerTopic];
        int[] shared = [spec.SharedNouns, spec.SharedVerbs, spec.SharedAdjectives];
        _topicPools = new Lemma[3][][];
        _sharedPools = new Lemma[3][];
        for (var c = 0; c < 3; c++)
        {
            var cls = (WordClass)c;
            _topicPools[c] = [.. Enumerable.Range(0, spec.Topics).Select(t => Draw(words, cls, perTopic[c], t))];
            _sharedPools[c] = Draw(words, cls, shared[c], null);
        }
    }

    /// <summary>Number-neutral determiners.</summary>
    public IReadOnlyList<string> Determiners { get; }
    /// <summary>Prepositions that introduce attractor phrases.</summary>
    public IReadOnlyList<string> Prepositions { get; }
    /// <summary>Conjunctions that join two clauses.</summary>
    public IReadOnlyList<string> Conjunctions { get; }
    /// <summary>Negation particles placed before a verb.</summary>
    public IReadOnlyList<string> Negations { get; }
    /// <summary>Words that open a relative clause ("that").</summary>
    public IReadOnlyList<string> Relativizers { get; }

    /// <summary>The content words of one class owned by <paramref name="topic"/>.</summary>
    public IReadOnlyList<Lemma> TopicPool(WordClass cls, int topic) => _topicPools[(int)cls][topic];

    /// <summary>The topic-neutral content words of one class.</summary>
    public IReadOnlyList<Lemma> SharedPool(WordClass cls) => _sharedPools[(int)cls];

    /// <summary>Every word form of the language.</summary>
    public IEnumerable<string> Forms =>
        Determiners.Concat(Prepositions).Concat(Conjunctions).Concat(Negations).Concat(Relativizers)
            .Concat(_contentForms.Keys);

    /// <summary>The content word a form belongs to and whether the form is plural.</summary>
    public bool TryLookup(string form, out Lemma lemma, out bool plural)
    {
        var found = _contentForms.TryGetValue(form, out var entry);
        (lemma, plural) = found ? entry : (null!, false);
        return found;
    }

    private Lemma[] Draw(PseudoWords words, WordClass cls, int count, int? topic)
    {
        var lemmas = new Lemma[count];
        for (var i = 0; i < count; i++)
        {
            var stem = words.Next(2);
            var lemma = lemmas[i] = cls switch
            {
                WordClass.Noun => new Lemma(cls, stem, stem + "s", topic),
                WordClass.Verb => new Lemma(cls, stem + "s", stem, topic),
                _ => new Lemma(cls, stem, stem, topic),
            };
            _contentForms[lemma.Singular] = (lemma, false);
            if (cls != WordClass.Adjective) _contentForms[lemma.Plural] = (lemma, true);
        }
        return lemmas;
    }
}
