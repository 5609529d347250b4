using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Parameters of <c>synthetic-agreement</c>.</summary>
public sealed class SyntheticAgreementParameters : LanguageParameters
{
    [Param("Labelled train sentences, half of them ungrammatical.", Min = 2, Max = 100_000)]
    public int TrainSize { get; set; } = 200;

    [Param("Dev sentences, half of them ungrammatical.", Min = 2, Max = 100_000)]
    public int DevSize { get; set; } = 300;

    [Param("Test sentences, half of them ungrammatical.", Min = 2, Max = 100_000)]
    public int TestSize { get; set; } = 1_000;
}

/// <summary>
/// Subject–verb agreement: in half of the sentences the main verb takes the wrong number. Attractor
/// phrases with a noun of the other number sit between subject and verb, so "agree with the nearest
/// noun" fails; the corpus teaches the real rule.
/// </summary>
[Plugin("synthetic-agreement", "1.0.0", Description = "Grammatical vs. ungrammatical subject-verb agreement on the synthetic language.", Determinism = DeterminismTier.Bitwise)]
public sealed class SyntheticAgreement : TaskPlugin<SyntheticAgreementParameters>
{
    /// <summary>Label names; index 1 (grammatical) is the positive class.</summary>
    internal static readonly IReadOnlyList<string> LabelNames = ["ungrammatical", "grammatical"];

    /// <inheritdoc/>
    public override ITask Load(SyntheticAgreementParameters parameters, TaskContext context) =>
        new InMemoryTask(TargetKind.Classification, LabelNames, isPair: false, SyntheticSplits.Examples(Generate(parameters)),
            [MetricNames.Accuracy, MetricNames.F1, MetricNames.Matthews]);

    /// <summary>The splits with parses (the parse of an ungrammatical example has the flipped verb). Labels alternate 0, 1, ….</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<ParsedExample>> Generate(SyntheticAgreementParameters parameters)
    {
        var language = SyntheticLanguage.For(parameters);
        var sentences = new UniqueSentences(language, TextPartition.HeldOut);
        IReadOnlyList<ParsedExample> Split(string name, int size)
        {
            var rng = language.Stream($"synthetic-agreement/{name}");
            var examples = new ParsedExample[size];
            for (var i = 0; i < size; i++)
            {
                var label = i % 2;
                var sentence = sentences.Next(rng, rng.Next(language.Spec.Topics), SyntheticLanguage.MaxSentenceWords,
                    label == 0 ? language.WithMainVerbFlipped : null);
                examples[i] = new ParsedExample(new Example(SyntheticSplits.Id(name, i), sentence.Text, Label: label), sentence);
            }
            return examples;
        }
        var test = Split("test", parameters.TestSize);
        var dev = Split("dev", parameters.DevSize);
        return SyntheticSplits.InOrder(new Dictionary<string, IReadOnlyList<ParsedExample>>
            { ["test"] = test, ["dev"] = dev, ["train"] = Split("train", parameters.TrainSize) });
    }
}
