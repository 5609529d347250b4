using Repro.Contracts;
using Repro.Plugins.Corpora.WordNet;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>wordnet-supersense</c>.</summary>
public sealed class WordNetSupersenseParameters
{
    [Param("Folder holding WordNet's data.noun etc.; \"\" = /usr/share/wordnet (apt wordnet-base).")]
    public string Path { get; set; } = "";

    [Param("Parts of speech to read: noun, verb, adj, adv (adv has a single supersense).")]
    public string[] PartsOfSpeech { get; set; } = ["noun"];

    [Param("Append the gloss's quoted usage examples to the definition.")]
    public bool IncludeExamples { get; set; }

    [Param("Drop supersenses with fewer examples (after deduplication).", Min = 1, Max = 100_000)]
    public int MinPerClass { get; set; } = 50;

    [Param("Keep at most this many examples per supersense, by SHA-256 rank of the synset id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxPerClass { get; set; } = 400;
}

/// <summary>
/// A synset's definition → its supersense (lexicographer file, e.g. <c>noun.animal</c>). One example per
/// synset, id <c>n:OFFSET</c>; splits 80/10/10 by id; labels in lex_filenum order.
/// </summary>
[Plugin("wordnet-supersense", "1.0.0", Description = "WordNet gloss → supersense (26 noun classes by default; apt wordnet-base).", Determinism = DeterminismTier.Bitwise)]
public sealed class WordNetSupersense : TaskPlugin<WordNetSupersenseParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("wordnet-supersense");

    /// <inheritdoc/>
    public override ITask Load(WordNetSupersenseParameters parameters, TaskContext context)
    {
        var parts = WordNetReader.Check("parts_of_speech", parameters.PartsOfSpeech);
        var folder = SourceLocator.Find(DataPackages.WordNet, parameters.Path, context.RecipeDirectory);
        var candidates = parts.SelectMany(part => WordNetReader.Read(folder, part))
            .Select(s => new Candidate(s.Id, Text(s, parameters.IncludeExamples), s.LexName))
            .Where(c => c.Text.Length > 0);
        return new CorpusBuilder("wordnet-supersense", TargetKind.Classification, isPair: false, [MetricNames.Accuracy, MetricNames.MacroF1])
            .Build(candidates, Split, new ClassLimits(parameters.MinPerClass, parameters.MaxPerClass), labelOrder: LexNames.All);
    }

    private static string Text(Synset synset, bool examples) =>
        examples && synset.Examples.Count > 0 ? $"{synset.Definition}; {string.Join("; ", synset.Examples)}" : synset.Definition;

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.WordNet, () => SourceLocator.Find(DataPackages.WordNet, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
