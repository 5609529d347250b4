namespace Repro.Engine.Runs;

/// <summary>
/// <c>metrics.json</c>: final metrics per stage and split. It holds nothing that varies between two
/// identical runs (no times, no paths), so the same command twice gives the same bytes.
/// </summary>
public sealed record MetricsFile(
    string Recipe,
    long Seed,
    SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, double>>> Stages);
