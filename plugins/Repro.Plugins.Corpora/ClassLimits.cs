namespace Repro.Plugins.Corpora;

/// <summary>
/// How many examples a task keeps. Classes with fewer than <paramref name="MinPerClass"/> examples (after
/// deduplication) are dropped; larger ones keep the <paramref name="MaxPerClass"/> examples of lowest
/// SHA-256 rank (0 = no cap); <paramref name="MaxExamples"/> caps the whole task the same way (0 = no cap).
/// </summary>
internal sealed record ClassLimits(int MinPerClass = 0, int MaxPerClass = 0, int MaxExamples = 0)
{
    public static readonly ClassLimits None = new();
}
