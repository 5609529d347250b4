using Repro.Contracts;

namespace Repro.Bench.Tasks;

/// <summary>Parameters shared by <c>bench-classification</c> and <c>bench-corpus</c>.</summary>
public sealed class BenchTaskParameters
{
    [Param("Training sentences.", Min = 1, Max = 1000000)]
    public int TrainSize { get; set; } = 2048;

    [Param("Dev sentences (evaluated once, after training).", Min = 1, Max = 100000)]
    public int DevSize { get; set; } = 32;

    [Param("Words per sentence; with [CLS] and [SEP] a sequence is length + 2 tokens.", Min = 1, Max = 100000)]
    public int Length { get; set; } = 126;

    [Param("Distinct words.", Min = 2, Max = 1000000)]
    public int Vocabulary { get; set; } = 2000;

    [Param("Seed of the generated sentences.")]
    public long Seed { get; set; } = 7;
}
