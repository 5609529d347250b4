using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Parameters of <c>synthetic-corpus</c>.</summary>
public sealed class SyntheticCorpusParameters : LanguageParameters
{
    [Param("Sentences in the train split.", Min = 1, Max = 2_000_000)]
    public int TrainSize { get; set; } = 20_000;

    [Param("Sentences in the dev split.", Min = 1, Max = 200_000)]
    public int DevSize { get; set; } = 1_000;
}

/// <summary>
/// The MLM pretraining corpus of the synthetic language: unique sentences of random topics, none of
/// which any synthetic fine-tuning task uses (see <see cref="TextPartition"/>).
/// </summary>
[Plugin("synthetic-corpus", "1.0.0", Description = "Masked-LM corpus of a seeded synthetic language (no download).", Determinism = DeterminismTier.Bitwise)]
public sealed class SyntheticCorpus : TaskPlugin<SyntheticCorpusParameters>
{
    /// <inheritdoc/>
    public override ITask Load(SyntheticCorpusParameters parameters, TaskContext context) =>
        new InMemoryTask(TargetKind.MaskedLm, [], isPair: false, SyntheticSplits.Examples(Generate(parameters)),
            [MetricNames.Accuracy, MetricNames.Loss, MetricNames.Perplexity]);

    /// <summary>The splits with each sentence's parse (its topic included). Dev is drawn first, so it does not move when the train size changes.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<ParsedExample>> Generate(SyntheticCorpusParameters parameters)
    {
        var language = SyntheticLanguage.For(parameters);
        var sentences = new UniqueSentences(language, TextPartition.Corpus);
        IReadOnlyList<ParsedExample> Split(string name, int size)
        {
            var rng = language.Stream($"synthetic-corpus/{name}");
            var examples = new ParsedExample[size];
            for (var i = 0; i < size; i++)
            {
                var sentence = sentences.Next(rng, rng.Next(language.Spec.Topics), SyntheticLanguage.MaxSentenceWords);
                examples[i] = new ParsedExample(new Example(SyntheticSplits.Id(name, i), sentence.Text), sentence);
            }
            return examples;
        }
        var dev = Split("dev", parameters.DevSize);
        return SyntheticSplits.InOrder(new Dictionary<string, IReadOnlyList<ParsedExample>> { ["dev"] = dev, ["train"] = Split("train", parameters.TrainSize) });
    }
}
