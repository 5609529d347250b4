namespace Repro.Plugins.Corpora;

/// <summary>
/// An example before deduplication and splitting. <paramref name="Label"/> is a class name (null for masked LM);
/// <paramref name="Group"/> is what the split is drawn by (default: the id).
/// </summary>
internal sealed record Candidate(string Id, string Text, string? Label, string? Pair = null, string? Group = null)
{
    public string SplitGroup => Group ?? Id;
}
