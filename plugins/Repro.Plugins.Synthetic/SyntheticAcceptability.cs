using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Parameters of <c>synthetic-acceptability</c>.</summary>
public sealed class SyntheticAcceptabilityParameters : LanguageParameters
{
    [Param("Labelled train sentences, half of them unacceptable (few-shot).", Min = 2, Max = 100_000)]
    public int TrainSize { get; set; } = 200;

    [Param("Dev sentences, half of them unacceptable.", Min = 2, Max = 100_000)]
    public int DevSize { get; set; } = 300;

    [Param("Test sentences, half of them unacceptable.", Min = 2, Max = 100_000)]
    public int TestSize { get; set; } = 1_000;

    [Param("Share of unacceptable sentences corrupted by replacing one word with a word of another part of speech; the rest swap two adjacent words of different parts of speech.", Min = 0, Max = 1)]
    public double SubstitutionRate { get; set; }
}

/// <summary>How an unacceptable sentence was made from a grammatical one.</summary>
internal enum Corruption { None, Swap, Substitution }

/// <summary>
/// An acceptability example with the grammatical sentence it was made from and where it was corrupted
/// (<see cref="Corruption.None"/> and position -1 for acceptable ones).
/// </summary>
internal sealed record AcceptabilityExample(Example Example, Sentence Original, Corruption Corruption, int Position);

/// <summary>
/// CoLA-like acceptability: half of the sentences carry one local word-order violation, by default two
/// adjacent words of different parts of speech swapped (the same bag of words, so only word order tells),
/// never yielding another grammatical sentence. A model of local word order, which masked-LM pretraining
/// learns, detects it; a few hundred labelled sentences alone barely teach it.
/// </summary>
[Plugin("synthetic-acceptability", "1.0.0", Description = "Few-shot acceptability judgement (local word-order violations) on the synthetic language.", Determinism = DeterminismTier.Bitwise)]
public sealed class SyntheticAcceptability : TaskPlugin<SyntheticAcceptabilityParameters>
{
    /// <summary>Label names; index 1 (acceptable) is the positive class.</summary>
    internal static readonly IReadOnlyList<string> LabelNames = ["unacceptable", "acceptable"];

    /// <inheritdoc/>
    public override ITask Load(SyntheticAcceptabilityParameters parameters, TaskContext context) =>
        new InMemoryTask(TargetKind.Classification, LabelNames, isPair: false, Examples(Generate(parameters)),
            [MetricNames.Accuracy, MetricNames.F1, MetricNames.Matthews]);

    /// <summary>
    /// The splits with the sentences they were made from. Labels alternate 0, 1, …; test and dev are
    /// drawn first and do not move when the train size changes.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<AcceptabilityExample>> Generate(SyntheticAcceptabilityParameters parameters)
    {
        var language = SyntheticLanguage.For(parameters);
        var recognizer = new GrammarRecognizer(language.Lexicon);
        var sentences = new UniqueSentences(language, TextPartition.HeldOut);
        IReadOnlyList<AcceptabilityExample> Split(string name, int size)
        {
            var rng = language.Stream($"synthetic-acceptability/{name}");
            var examples = new AcceptabilityExample[size];
            for (var i = 0; i < size; i++)
            {
                var label = i % 2;
                var topic = rng.Next(language.Spec.Topics);
                Sentence original = null!;
                var (kind, position) = (Corruption.None, -1);
                var sentence = sentences.Next(rng, topic, SyntheticLanguage.MaxSentenceWords, label == 1 ? null : s =>
                {
                    // The transform sees each fresh draw; it corrupts it, redrawing in the rare case that no
                    // corruption of the sentence is ungrammatical.
                    while (true)
                    {
                        original = s;
                        kind = rng.Chance(parameters.SubstitutionRate) ? Corruption.Substitution : Corruption.Swap;
                        var corrupted = kind == Corruption.Swap ? Swap(recognizer, rng, s, out position) : Substitute(language, recognizer, rng, s, out position);
                        if (corrupted is not null) return corrupted;
                        s = language.Generate(rng, topic, SyntheticLanguage.MaxSentenceWords);
                    }
                });
                if (label == 1) original = sentence;
                examples[i] = new AcceptabilityExample(new Example(SyntheticSplits.Id(name, i), sentence.Text, Label: label), original, kind, position);
            }
            return examples;
        }
        var test = Split("test", parameters.TestSize);
        var dev = Split("dev", parameters.DevSize);
        return SyntheticSplits.InOrder(new Dictionary<string, IReadOnlyList<AcceptabilityExample>>
            { ["test"] = test, ["dev"] = dev, ["train"] = Split("train", parameters.TrainSize) });
    }

    /// <summary>
    /// The sentence with words <paramref name="position"/> and <paramref name="position"/>+1 swapped, for a random
    /// adjacent pair of different parts of speech whose swap is ungrammatical; null when there is none.
    /// </summary>
    private static Sentence? Swap(GrammarRecognizer recognizer, Rng rng, Sentence sentence, out int position)
    {
        var candidates = Enumerable.Range(0, sentence.Words.Count - 1)
            .Where(i => recognizer.TagOf(sentence.Words[i]) != recognizer.TagOf(sentence.Words[i + 1])).ToList();
        while (candidates.Count > 0)
        {
            var pick = rng.Next(candidates.Count);
            position = candidates[pick];
            candidates.RemoveAt(pick);
            var words = sentence.Words.ToArray();
            (words[position], words[position + 1]) = (words[position + 1], words[position]);
            if (!recognizer.IsGrammatical(words)) return Corrupted(sentence, words);
        }
        position = -1;
        return null;
    }

    /// <summary>
    /// The sentence with one random word replaced by a random form of another part of speech, such that the
    /// result is ungrammatical; null when a few tries find none.
    /// </summary>
    private static Sentence? Substitute(SyntheticLanguage language, GrammarRecognizer recognizer, Rng rng, Sentence sentence, out int position)
    {
        var forms = language.Lexicon.Forms.ToArray();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            position = rng.Next(sentence.Words.Count);
            var replacement = forms[rng.Next(forms.Length)];
            if (recognizer.TagOf(replacement) == recognizer.TagOf(sentence.Words[position])) continue;
            var words = sentence.Words.ToArray();
            words[position] = replacement;
            if (!recognizer.IsGrammatical(words)) return Corrupted(sentence, words);
        }
        position = -1;
        return null;
    }

    private static Sentence Corrupted(Sentence sentence, string[] words) =>
        new(words, sentence.Topic, sentence.SubjectIndex, sentence.VerbIndex, sentence.AttractorIndex);

    private static IReadOnlyDictionary<string, IReadOnlyList<Example>> Examples(IReadOnlyDictionary<string, IReadOnlyList<AcceptabilityExample>> splits) =>
        splits.ToDictionary(s => s.Key, s => (IReadOnlyList<Example>)[.. s.Value.Select(p => p.Example)]);
}
