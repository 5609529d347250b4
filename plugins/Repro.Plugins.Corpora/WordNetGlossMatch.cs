using Repro.Contracts;
using Repro.Plugins.Corpora.WordNet;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>wordnet-gloss-match</c>.</summary>
public sealed class WordNetGlossMatchParameters
{
    [Param("Folder holding WordNet's data.noun etc.; \"\" = /usr/share/wordnet (apt wordnet-base).")]
    public string Path { get; set; } = "";

    [Param("Parts of speech whose words and glosses are used: noun, verb, adj, adv.")]
    public string[] PartsOfSpeech { get; set; } = ["noun"];

    [Param("Words to ask about, those of lowest SHA-256 rank (each gives one matching and one non-matching pair; 0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxWords { get; set; } = 3000;
}

/// <summary>
/// Sentence pairs: a word and a definition; <c>match</c> when the definition is one of the word's senses.
/// Negatives are hard: the gloss of a sibling synset (a co-hyponym of the sense), else of a synset of the
/// same supersense. Split by word (80/10/10), so a test word is never seen in training.
/// </summary>
[Plugin("wordnet-gloss-match", "1.0.0", Description = "Does this WordNet gloss define this word (hard negatives: sibling synsets; apt wordnet-base).", Determinism = DeterminismTier.Bitwise)]
public sealed class WordNetGlossMatch : TaskPlugin<WordNetGlossMatchParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("wordnet-gloss-match");
    internal static readonly IReadOnlyList<string> Labels = ["no-match", "match"];

    /// <inheritdoc/>
    public override ITask Load(WordNetGlossMatchParameters parameters, TaskContext context)
    {
        var parts = WordNetReader.Check("parts_of_speech", parameters.PartsOfSpeech);
        var folder = SourceLocator.Find(DataPackages.WordNet, parameters.Path, context.RecipeDirectory);
        var pairs = new GlossPairs(parts.SelectMany(part => WordNetReader.Read(folder, part)));
        var builder = new CorpusBuilder("wordnet-gloss-match", TargetKind.Classification, isPair: true, [MetricNames.Accuracy, MetricNames.F1]);
        var words = pairs.Words;
        if (parameters.MaxWords > 0 && words.Count > parameters.MaxWords)
        {
            builder.Note($"asked about {parameters.MaxWords} of {words.Count} words (the lowest SHA-256 ranks)");
            words = [.. words.OrderBy(w => StableRank.Of($"word/{w}")).ThenBy(w => w, StringComparer.Ordinal).Take(parameters.MaxWords)];
        }
        var candidates = new List<Candidate>();
        var kinds = new Dictionary<NegativeKind, int>();
        foreach (var word in words)
        {
            var pair = pairs.For(word);
            var text = word.Replace('_', ' ');
            candidates.Add(new Candidate($"{word}|{pair.Sense.Id}", text, "match", pair.Sense.Definition, Group: word));
            candidates.Add(new Candidate($"{word}|{pair.Negative.Id}", text, "no-match", pair.Negative.Definition, Group: word));
            kinds[pair.Kind] = kinds.GetValueOrDefault(pair.Kind) + 1;
        }
        builder.Note($"negatives: {kinds.GetValueOrDefault(NegativeKind.Sibling)} sibling synset(s), {kinds.GetValueOrDefault(NegativeKind.SameSupersense)} of the same supersense (no sibling), {kinds.GetValueOrDefault(NegativeKind.Any)} of another supersense");
        return builder.Build(candidates, Split, ClassLimits.None, labelOrder: Labels);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.WordNet, () => SourceLocator.Find(DataPackages.WordNet, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
