namespace Repro.Contracts;

/// <summary>The data of one task: its splits, target kind and metrics.</summary>
public interface ITask
{
    /// <summary>What the model predicts.</summary>
    TargetKind Target { get; }

    /// <summary>Class names for <see cref="TargetKind.Classification"/>, tag names for <see cref="TargetKind.TokenClassification"/>; empty otherwise.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>True when every example is a sentence pair.</summary>
    bool IsPair { get; }

    /// <summary>Split names the task has, e.g. <c>train</c>, <c>dev</c>, <c>test</c>.</summary>
    IReadOnlyList<string> Splits { get; }

    /// <summary>Metric names the task reports by default (see <see cref="MetricNames"/>).</summary>
    IReadOnlyList<string> Metrics { get; }

    /// <summary>The examples of one split, in a fixed order.</summary>
    IReadOnlyList<Example> Get(string split);
}

/// <summary>What a task asks the model to predict.</summary>
public enum TargetKind
{
    /// <summary>Masked-token prediction over the text (pretraining).</summary>
    MaskedLm,
    /// <summary>One of <see cref="ITask.Labels"/>.</summary>
    Classification,
    /// <summary>A real number.</summary>
    Regression,
    /// <summary>
    /// One of <see cref="ITask.Labels"/> per word: each example gives <see cref="Example.Words"/> and <see cref="Example.Tags"/>.
    /// Since Repro.Contracts 1.2.
    /// </summary>
    TokenClassification,
    /// Next-token prediction over the text (a causal decoder's pretraining): the target of each position is the next
    /// token; padding and the last position have none. Since Repro.Contracts 1.2. A text task may declare
    /// <see cref="MaskedLm"/> or this: either means "language modelling of this text", and the model's
    /// <see cref="IModelPlugin.LanguageModelObjective"/> decides which objective trains it.
    /// </summary>
    CausalLm,
}

/// <summary>One example. <paramref name="Id"/> is stable across versions of the data.</summary>
/// <param name="Id">Stable identifier (used for splits and fingerprints).</param>
/// <param name="Text">The sentence, or the first sentence of a pair.</param>
/// <param name="Pair">The second sentence of a pair, else null.</param>
/// <param name="Label">Class index for classification, else -1.</param>
/// <param name="Value">Target for regression, else 0.</param>
public sealed record Example(string Id, string Text, string? Pair = null, int Label = -1, double Value = 0)
{
    /// <summary>
    /// The sentence's words, for <see cref="TargetKind.TokenClassification"/> (<see cref="Text"/> is then the words joined by
    /// spaces); null otherwise. The host tokenizes each word on its own. Since Repro.Contracts 1.2.
    /// </summary>
    public IReadOnlyList<string>? Words { get; init; }

    /// <summary>
    /// One label index per word of <see cref="Words"/>, into <see cref="ITask.Labels"/>; null otherwise. Entity tasks use
    /// IOB2 names (<c>O</c>, <c>B-PER</c>, <c>I-PER</c>, ...) so that the entity metrics can read the spans. Since Repro.Contracts 1.2.
    /// </summary>
    public IReadOnlyList<int>? Tags { get; init; }
}

/// <summary>Metric names the engine computes.</summary>
public static class MetricNames
{
    /// <summary>Fraction of correct predictions (masked tokens for masked LM, next tokens for causal LM).</summary>
    public const string Accuracy = "accuracy";
    /// <summary>Mean loss.</summary>
    public const string Loss = "loss";
    /// <summary>F1 of the positive class (label index 1) in binary classification.</summary>
    public const string F1 = "f1";
    /// <summary>Unweighted mean of per-class F1.</summary>
    public const string MacroF1 = "macro_f1";
    /// <summary>Matthews correlation coefficient (multi-class form).</summary>
    public const string Matthews = "mcc";
    /// <summary>Pearson correlation (regression).</summary>
    public const string Pearson = "pearson";
    /// <summary>Spearman rank correlation (regression).</summary>
    public const string Spearman = "spearman";
    /// <summary>exp(mean loss per predicted token) of a language-modelling head.</summary>
    public const string Perplexity = "perplexity";
    /// <summary>Fraction of words tagged correctly (token classification; a word cut off by truncation counts as wrong).</summary>
    public const string TokenAccuracy = "token_accuracy";
    /// <summary>Entity precision under the CoNLL rules (IOB2 tags, exact span and type, micro-averaged).</summary>
    public const string EntityPrecision = "entity_precision";
    /// <summary>Entity recall under the CoNLL rules.</summary>
    public const string EntityRecall = "entity_recall";
    /// <summary>Entity F1 under the CoNLL rules (as seqeval's default mode and conlleval count it).</summary>
    public const string EntityF1 = "entity_f1";
}

/// <summary>
/// A task that has something to say about how it read its data (rows skipped, duplicates dropped,
/// a subsample taken). The engine prints every note when the task loads and records them in the manifest.
/// </summary>
public interface ITaskNotes
{
    /// <summary>One sentence per note, e.g. "skipped 3 malformed rows (train: 3); first: data/train.tsv:17: ...".</summary>
    IReadOnlyList<string> Notes { get; }
}
