using System.Collections.Concurrent;
using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// The synthetic language of one parameter set: its lexicon and grammar. Equal parameters give a
/// bitwise-equal language; instances are cached per parameter set for the life of the process.
/// </summary>
internal sealed class SyntheticLanguage
{
    /// <summary>Longest single sentence, in words (with [CLS] and [SEP] it fits 32 tokens).</summary>
    public const int MaxSentenceWords = 20;

    /// <summary>Longest sentence of a pair, in words ([CLS] a [SEP] b [SEP] fits 32 tokens).</summary>
    public const int MaxPairSentenceWords = 14;

    private static readonly ConcurrentDictionary<LanguageSpec, Lazy<SyntheticLanguage>> Cache = new();

    private readonly Grammar _grammar;

    private SyntheticLanguage(LanguageSpec spec)
    {
        Spec = spec;
        Lexicon = new Lexicon(spec, Stream("lexicon"));
        _grammar = new Grammar(Lexicon, spec);
    }

    /// <summary>The language of <paramref name="parameters"/>, validated, generated once per process.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public static SyntheticLanguage For(LanguageParameters parameters) =>
        Cache.GetOrAdd(parameters.ToSpec(), spec => new Lazy<SyntheticLanguage>(() => Build(spec))).Value;

    /// <summary>A new, uncached language for <paramref name="spec"/>.</summary>
    internal static SyntheticLanguage Build(LanguageSpec spec) => new(spec);

    /// <summary>The settings the language was built from.</summary>
    public LanguageSpec Spec { get; }

    /// <summary>The words of the language.</summary>
    public Lexicon Lexicon { get; }

    /// <summary>A random stream of its own for each name, derived from the language seed only.</summary>
    public Rng Stream(string name) => new(StableHash.Combine(Spec.Seed, name));

    /// <summary>One sentence of <paramref name="topic"/> with at most <paramref name="maxWords"/> words.</summary>
    public Sentence Generate(Rng rng, int topic, int maxWords) => _grammar.Generate(rng, topic, maxWords);

    /// <summary>The sentence with its main verb in the other number, so it no longer agrees with the subject.</summary>
    public Sentence WithMainVerbFlipped(Sentence sentence)
    {
        Lexicon.TryLookup(sentence.Words[sentence.VerbIndex], out var verb, out var plural);
        return sentence.WithMainVerb(verb.Form(!plural));
    }
}
