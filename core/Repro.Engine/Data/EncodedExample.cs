namespace Repro.Engine.Data;

/// <summary>An example as model token ids and segment ids (0: first sentence, 1: second), with its target.</summary>
public sealed record EncodedExample(long[] Ids, long[] Segments, int Label, double Value);
