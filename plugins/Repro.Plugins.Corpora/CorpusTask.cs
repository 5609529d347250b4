using Repro.Contracts;

namespace Repro.Plugins.Corpora;

/// <summary>A corpus task: its splits, plus notes on what was deduplicated, dropped or subsampled.</summary>
public sealed class CorpusTask(InMemoryTask task, IReadOnlyList<string> notes) : ITask, ITaskNotes
{
    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => notes;
    /// <inheritdoc/>
    public TargetKind Target => task.Target;
    /// <inheritdoc/>
    public IReadOnlyList<string> Labels => task.Labels;
    /// <inheritdoc/>
    public bool IsPair => task.IsPair;
    /// <inheritdoc/>
    public IReadOnlyList<string> Splits => task.Splits;
    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => task.Metrics;
    /// <inheritdoc/>
    public IReadOnlyList<Example> Get(string split) => task.Get(split);

    /// <summary>Examples in all splits together.</summary>
    public int Count => Splits.Sum(s => Get(s).Count);
}
