using Repro.Contracts;

namespace Repro.Tests.Support;

/// <summary>A masked-LM task whose splits are given texts, for tokenizer and cache tests.</summary>
internal sealed class InMemoryTask(Dictionary<string, string[]> splits) : ITask
{
    public TargetKind Target => TargetKind.MaskedLm;
    public IReadOnlyList<string> Labels => [];
    public bool IsPair => false;
    public IReadOnlyList<string> Splits => [.. splits.Keys];
    public IReadOnlyList<string> Metrics => [MetricNames.Perplexity];
    public IReadOnlyList<Example> Get(string split) => splits[split].Select((t, i) => new Example($"{split}-{i}", t)).ToList();
}
