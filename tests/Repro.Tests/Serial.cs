namespace Repro.Tests;

/// <summary>
/// The collection every integration class joins with <c>[Collection(Serial.Name)]</c>: its classes run one at a time,
/// after the unit classes, which xunit runs in parallel. They train in-process on libtorch's global state (its generator,
/// its thread count) or start processes (repro, dotnet, node) that each want both cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Serial
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Serial";
}
