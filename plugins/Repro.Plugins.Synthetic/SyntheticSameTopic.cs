using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Parameters of <c>synthetic-same-topic</c>.</summary>
public sealed class SyntheticSameTopicParameters : LanguageParameters
{
    [Param("Labelled train pairs, half of them of the same topic.", Min = 2, Max = 100_000)]
    public int TrainSize { get; set; } = 300;

    [Param("Dev pairs, half of them of the same topic.", Min = 2, Max = 100_000)]
    public int DevSize { get; set; } = 300;

    [Param("Test pairs, half of them of the same topic.", Min = 2, Max = 100_000)]
    public int TestSize { get; set; } = 1_000;
}

/// <summary>
/// Sentence pairs: were both sentences generated from the same latent topic? Each sentence has at
/// most 14 words, so a pair fits 32 tokens; no sentence occurs twice in the task.
/// </summary>
[Plugin("synthetic-same-topic", "1.0.0", Description = "Same-topic sentence-pair classification on the synthetic language.", Determinism = DeterminismTier.Bitwise)]
public sealed class SyntheticSameTopic : TaskPlugin<SyntheticSameTopicParameters>
{
    /// <summary>Label names; index 1 (same) is the positive class.</summary>
    internal static readonly IReadOnlyList<string> LabelNames = ["different", "same"];

    /// <inheritdoc/>
    public override ITask Load(SyntheticSameTopicParameters parameters, TaskContext context) =>
        new InMemoryTask(TargetKind.Classification, LabelNames, isPair: true, SyntheticSplits.Examples(Generate(parameters)),
            [MetricNames.Accuracy, MetricNames.F1]);

    /// <summary>The splits with both parses; labels alternate 0, 1, …; test and dev are drawn first.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<ParsedExample>> Generate(SyntheticSameTopicParameters parameters)
    {
        var language = SyntheticLanguage.For(parameters);
        var topics = language.Spec.Topics;
        var sentences = new UniqueSentences(language, TextPartition.HeldOut);
        IReadOnlyList<ParsedExample> Split(string name, int size)
        {
            var rng = language.Stream($"synthetic-same-topic/{name}");
            var examples = new ParsedExample[size];
            for (var i = 0; i < size; i++)
            {
                var label = i % 2;
                var first = rng.Next(topics);
                var second = label == 1 ? first : (first + 1 + rng.Next(topics - 1)) % topics;
                var a = sentences.Next(rng, first, SyntheticLanguage.MaxPairSentenceWords);
                var b = sentences.Next(rng, second, SyntheticLanguage.MaxPairSentenceWords);
                examples[i] = new ParsedExample(new Example(SyntheticSplits.Id(name, i), a.Text, b.Text, label), a, b);
            }
            return examples;
        }
        var test = Split("test", parameters.TestSize);
        var dev = Split("dev", parameters.DevSize);
        return SyntheticSplits.InOrder(new Dictionary<string, IReadOnlyList<ParsedExample>>
            { ["test"] = test, ["dev"] = dev, ["train"] = Split("train", parameters.TrainSize) });
    }
}
