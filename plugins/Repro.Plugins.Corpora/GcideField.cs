using Repro.Contracts;
using Repro.Plugins.Corpora.Gcide;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>gcide-field</c>.</summary>
public sealed class GcideFieldParameters
{
    [Param("Folder holding gcide.index and gcide.dict.dz; \"\" = /usr/share/dictd (apt dict-gcide).")]
    public string Path { get; set; } = "";

    [Param("Field labels to classify, without the period (e.g. Zool, Bot, Chem, Med, Law); empty = the top_fields most frequent.")]
    public string[] Fields { get; set; } = [];

    [Param("How many of the most frequent fields to use when fields is empty.", Min = 2, Max = 200)]
    public int TopFields { get; set; } = 8;

    [Param("Drop fields with fewer definitions (after deduplication).", Min = 1, Max = 100_000)]
    public int MinPerClass { get; set; } = 100;

    [Param("Keep at most this many definitions per field, by SHA-256 rank of the id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxPerClass { get; set; } = 500;

    [Param("Drop definitions with fewer words.", Min = 1, Max = 1000)]
    public int MinWords { get; set; } = 3;
}

/// <summary>
/// A dictionary definition → its field label (Zool., Bot., Chem., Med., Law, …), from GCIDE (Webster's 1913
/// and later additions). Blocks copied from WordNet 1.5 are dropped, so this task never quizzes WordNet glosses.
/// Ids <c>HEADWORD/N</c> (N-th labelled definition of the entry); splits 80/10/10 by id.
/// </summary>
[Plugin("gcide-field", "1.0.0", Description = "GCIDE definition → field label (Zool., Bot., Chem., Med., Law, ...; apt dict-gcide).", Determinism = DeterminismTier.Bitwise)]
public sealed class GcideField : TaskPlugin<GcideFieldParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("gcide-field");

    /// <inheritdoc/>
    public override ITask Load(GcideFieldParameters parameters, TaskContext context)
    {
        var folder = SourceLocator.Find(DataPackages.Gcide, parameters.Path, context.RecipeDirectory);
        var counts = new ExtractionCounts();
        var definitions = GcideReader.Read(folder).SelectMany(e => GcideDefinitions.Extract(e, counts))
            .Where(d => TextSpacing.Clean(d.Text).Split(' ').Length >= parameters.MinWords).ToList();
        var frequency = definitions.GroupBy(d => d.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        IReadOnlyList<string> fields = parameters.Fields.Length > 0
            ? [.. parameters.Fields.Select(f => f.TrimEnd('.'))]
            : [.. frequency.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(parameters.TopFields).Select(f => f.Key)];
        var missing = fields.Where(f => !frequency.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"fields: {string.Join(", ", missing)} label no definition; the most frequent fields are " +
                string.Join(", ", frequency.OrderByDescending(f => f.Value).Take(30).Select(f => $"{f.Key} ({f.Value})")), "fields");
        var wanted = fields.ToHashSet(StringComparer.Ordinal);

        var builder = new CorpusBuilder("gcide-field", TargetKind.Classification, isPair: false, [MetricNames.Accuracy, MetricNames.MacroF1]);
        builder.Note($"dropped {counts.WordNetBlocks} [WordNet 1.5] block(s); kept {definitions.Count(d => wanted.Contains(d.Field))} of {definitions.Count} field-labelled definitions (fields: {string.Join(", ", fields)})");
        var candidates = definitions.Where(d => wanted.Contains(d.Field)).Select(d => new Candidate(d.Id, d.Text, d.Field));
        return builder.Build(candidates, Split, new ClassLimits(parameters.MinPerClass, parameters.MaxPerClass), labelOrder: fields);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Gcide, () => SourceLocator.Find(DataPackages.Gcide, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
