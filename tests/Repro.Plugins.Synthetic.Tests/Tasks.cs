using Repro.Contracts;
using Repro.Plugins.Synthetic;

namespace Repro.Plugins.Synthetic.Tests;

/// <summary>Loads the synthetic tasks; the default-parameter loads are shared across tests.</summary>
internal static class Tasks
{
    public static readonly TaskContext Context = new(".", DataSeed: 7);

    private static readonly Lazy<ITask> DefaultCorpus = new(() => Corpus(new()));
    private static readonly Lazy<ITask> DefaultTopic = new(() => Topic(new()));
    private static readonly Lazy<ITask> DefaultAgreement = new(() => Agreement(new()));
    private static readonly Lazy<ITask> DefaultSameTopic = new(() => SameTopic(new()));
    private static readonly Lazy<ITask> DefaultAcceptability = new(() => Acceptability(new()));

    public static ITask Corpus() => DefaultCorpus.Value;
    public static ITask Topic() => DefaultTopic.Value;
    public static ITask Agreement() => DefaultAgreement.Value;
    public static ITask SameTopic() => DefaultSameTopic.Value;
    public static ITask Acceptability() => DefaultAcceptability.Value;

    public static ITask Corpus(SyntheticCorpusParameters p, TaskContext? c = null) => new SyntheticCorpus().Load(p, c ?? Context);
    public static ITask Topic(SyntheticTopicParameters p, TaskContext? c = null) => new SyntheticTopic().Load(p, c ?? Context);
    public static ITask Agreement(SyntheticAgreementParameters p, TaskContext? c = null) => new SyntheticAgreement().Load(p, c ?? Context);
    public static ITask SameTopic(SyntheticSameTopicParameters p, TaskContext? c = null) => new SyntheticSameTopic().Load(p, c ?? Context);
    public static ITask Acceptability(SyntheticAcceptabilityParameters p, TaskContext? c = null) => new SyntheticAcceptability().Load(p, c ?? Context);

    /// <summary>The fine-tuning tasks with default parameters.</summary>
    public static TheoryData<string> FineTuningIds => ["synthetic-topic", "synthetic-agreement", "synthetic-same-topic", "synthetic-acceptability"];

    public static ITask ById(string id) => id switch
    {
        "synthetic-corpus" => Corpus(),
        "synthetic-topic" => Topic(),
        "synthetic-agreement" => Agreement(),
        "synthetic-same-topic" => SameTopic(),
        "synthetic-acceptability" => Acceptability(),
        _ => throw new ArgumentException(id),
    };

    /// <summary>Every sentence of every split (both sides of pairs).</summary>
    public static IEnumerable<string> AllSentences(ITask task) =>
        task.Splits.SelectMany(task.Get).SelectMany(e => e.Pair is null ? [e.Text] : new[] { e.Text, e.Pair });

    public static string[] Words(string text) => text.Split(' ');
}
