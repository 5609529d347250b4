namespace Repro.Engine.Data;

/// <summary>An example as model token ids and segment ids (0: first sentence, 1: second), with its target.</summary>
public sealed record EncodedExample(long[] Ids, long[] Segments, int Label, double Value)
{
    /// <summary>
    /// Token-level tasks only (<see cref="WordAlignment"/>): the tag index at the first sub-token of each word, −100 at every
    /// other position (later sub-tokens, specials), so the loss ignores them; null for sentence-level tasks.
    /// </summary>
    public long[]? TokenTargets { get; init; }

    /// <summary>Token-level tasks only: the gold tag of every word, truncated words included (they have no position in <see cref="TokenTargets"/>).</summary>
    public long[]? WordTags { get; init; }
}
