using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>
/// A task read from files. Besides the data it tells how many malformed rows were skipped
/// (<c>skip_malformed: true</c>) and why.
/// </summary>
public sealed class FileTask : ITask, ITaskNotes
{
    private readonly InMemoryTask _task;

    internal FileTask(InMemoryTask task, IReadOnlyDictionary<string, int> skippedBySplit, IReadOnlyList<string> warnings)
    {
        _task = task;
        SkippedBySplit = skippedBySplit;
        Warnings = warnings;
    }

    /// <summary>Malformed rows skipped in all splits together.</summary>
    public int Skipped => SkippedBySplit.Values.Sum();

    /// <summary>Malformed rows skipped per split (every split is listed, with 0 when none was skipped).</summary>
    public IReadOnlyDictionary<string, int> SkippedBySplit { get; }

    /// <summary>One line per skipped row: <c>FILE line N: reason</c>.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>A one-line summary of the skipped rows, or nothing when none was skipped.</summary>
    public IReadOnlyList<string> Notes => Skipped == 0 ? []
        : [$"skipped {Skipped} malformed row(s) ({string.Join(", ", SkippedBySplit.Where(s => s.Value > 0).Select(s => $"{s.Key}: {s.Value}"))}); first: {Warnings[0]}"];

    /// <inheritdoc/>
    public TargetKind Target => _task.Target;
    /// <inheritdoc/>
    public IReadOnlyList<string> Labels => _task.Labels;
    /// <inheritdoc/>
    public bool IsPair => _task.IsPair;
    /// <inheritdoc/>
    public IReadOnlyList<string> Splits => _task.Splits;
    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => _task.Metrics;
    /// <inheritdoc/>
    public IReadOnlyList<Example> Get(string split) => _task.Get(split);
}
