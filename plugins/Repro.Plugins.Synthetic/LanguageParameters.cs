using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// The settings of the synthetic language, shared by every synthetic-* task with identical defaults.
/// The language and every split depend on these alone, never on the run's data seed.
/// </summary>
public class LanguageParameters
{
    [Param("Seed of the language: lexicon, corpus and every task split.")]
    public long LanguageSeed { get; set; } = 1234;

    [Param("Number of latent topics, each with its own nouns, verbs and adjectives.", Min = 2, Max = 50)]
    public int Topics { get; set; } = 6;

    [Param("Probability that a content word comes from the sentence's topic rather than the shared pool.", Min = 0, Max = 1)]
    public double TopicPurity { get; set; } = 0.5;

    [Param("Probability that a topic word is borrowed from another topic, so no single word always reveals the topic.", Min = 0, Max = 0.5)]
    public double TopicLeakage { get; set; } = 0.1;

    [Param("Probability that the subject carries an attractor phrase ('the zorb near the flims').", Min = 0, Max = 1)]
    public double AttractorRate { get; set; } = 0.6;

    [Param("Nouns owned by each topic (two forms each).", Min = 1, Max = 200)]
    public int NounsPerTopic { get; set; } = 8;

    [Param("Verbs owned by each topic (two forms each).", Min = 1, Max = 200)]
    public int VerbsPerTopic { get; set; } = 5;

    [Param("Adjectives owned by each topic.", Min = 1, Max = 200)]
    public int AdjectivesPerTopic { get; set; } = 4;

    [Param("Topic-neutral nouns (two forms each).", Min = 1, Max = 1000)]
    public int SharedNouns { get; set; } = 30;

    [Param("Topic-neutral verbs (two forms each).", Min = 1, Max = 1000)]
    public int SharedVerbs { get; set; } = 16;

    [Param("Topic-neutral adjectives.", Min = 1, Max = 1000)]
    public int SharedAdjectives { get; set; } = 12;

    /// <summary>Checks every parameter of the (derived) class and returns the language's settings.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    internal LanguageSpec ToSpec()
    {
        ParameterValidation.Check(this);
        return new LanguageSpec(LanguageSeed, Topics, TopicPurity, TopicLeakage, AttractorRate, NounsPerTopic, VerbsPerTopic,
            AdjectivesPerTopic, SharedNouns, SharedVerbs, SharedAdjectives);
    }
}

/// <summary>An immutable, validated copy of <see cref="LanguageParameters"/>; the key of the language cache.</summary>
internal sealed record LanguageSpec(
    long Seed, int Topics, double TopicPurity, double TopicLeakage, double AttractorRate,
    int NounsPerTopic, int VerbsPerTopic, int AdjectivesPerTopic,
    int SharedNouns, int SharedVerbs, int SharedAdjectives);
