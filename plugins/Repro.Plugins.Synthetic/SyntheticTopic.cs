using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Parameters of <c>synthetic-topic</c>.</summary>
public sealed class SyntheticTopicParameters : LanguageParameters
{
    [Param("Labelled train sentences per topic (few-shot).", Min = 1, Max = 10_000)]
    public int TrainPerClass { get; set; } = 20;

    [Param("Dev sentences in total, balanced over topics.", Min = 1, Max = 100_000)]
    public int DevSize { get; set; } = 300;

    [Param("Test sentences in total, balanced over topics.", Min = 1, Max = 100_000)]
    public int TestSize { get; set; } = 1_200;
}

/// <summary>
/// Which latent topic generated a sentence. Topic shows only through co-occurring topic words, so a
/// model that saw the corpus has a head start over one that sees the few labelled examples alone.
/// </summary>
[Plugin("synthetic-topic", "1.0.0", Description = "Few-shot topic classification on the synthetic language.", Determinism = DeterminismTier.Bitwise)]
public sealed class SyntheticTopic : TaskPlugin<SyntheticTopicParameters>
{
    /// <inheritdoc/>
    public override ITask Load(SyntheticTopicParameters parameters, TaskContext context) =>
        new InMemoryTask(TargetKind.Classification, Labels(parameters.Topics), isPair: false,
            SyntheticSplits.Examples(Generate(parameters)), [MetricNames.Accuracy, MetricNames.MacroF1]);

    /// <summary>"topic-0", "topic-1", …</summary>
    internal static IReadOnlyList<string> Labels(int topics) => [.. Enumerable.Range(0, topics).Select(t => $"topic-{t}")];

    /// <summary>
    /// The splits with parses. Topics cycle 0, 1, …, so every split is balanced and a smaller train
    /// split is a prefix of a larger one; test and dev are drawn first and do not move with the train size.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<ParsedExample>> Generate(SyntheticTopicParameters parameters)
    {
        var language = SyntheticLanguage.For(parameters);
        var topics = language.Spec.Topics;
        var sentences = new UniqueSentences(language, TextPartition.HeldOut);
        IReadOnlyList<ParsedExample> Split(string name, int size)
        {
            var rng = language.Stream($"synthetic-topic/{name}");
            var examples = new ParsedExample[size];
            for (var i = 0; i < size; i++)
            {
                var sentence = sentences.Next(rng, i % topics, SyntheticLanguage.MaxSentenceWords);
                examples[i] = new ParsedExample(new Example(SyntheticSplits.Id(name, i), sentence.Text, Label: sentence.Topic), sentence);
            }
            return examples;
        }
        var test = Split("test", parameters.TestSize);
        var dev = Split("dev", parameters.DevSize);
        return SyntheticSplits.InOrder(new Dictionary<string, IReadOnlyList<ParsedExample>>
            { ["test"] = test, ["dev"] = dev, ["train"] = Split("train", parameters.TrainPerClass * topics) });
    }
}
