namespace Repro.Contracts;

/// <summary>A task whose splits are already in memory: what most task plugins return.</summary>
public sealed class InMemoryTask(
    TargetKind target,
    IReadOnlyList<string> labels,
    bool isPair,
    IReadOnlyDictionary<string, IReadOnlyList<Example>> splits,
    IReadOnlyList<string> metrics) : ITask
{
    /// <inheritdoc/>
    public TargetKind Target => target;
    /// <inheritdoc/>
    public IReadOnlyList<string> Labels => labels;
    /// <inheritdoc/>
    public bool IsPair => isPair;
    /// <inheritdoc/>
    public IReadOnlyList<string> Splits { get; } = [.. splits.Keys];
    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => metrics;

    /// <inheritdoc/>
    public IReadOnlyList<Example> Get(string split) =>
        splits.TryGetValue(split, out var examples)
            ? examples
            : throw new ArgumentException($"no split '{split}'; the task has {string.Join(", ", splits.Keys)}");
}
