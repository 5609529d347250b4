using Repro.Contracts;

namespace Repro.Bench.Tasks;

/// <summary>Fine-tuning workload: does the sentence hold more even-numbered words than odd ones?</summary>
[Plugin("bench-classification", "1.0.0", Description = "Benchmark: fixed-length random word sentences, 2 classes (more even- than odd-numbered words)",
    Determinism = DeterminismTier.Bitwise)]
public sealed class BenchClassification : TaskPlugin<BenchTaskParameters>
{
    /// <inheritdoc/>
    public override ITask Load(BenchTaskParameters p, TaskContext context) =>
        new InMemoryTask(TargetKind.Classification, ["odd", "even"], false,
            new Dictionary<string, IReadOnlyList<Example>> { ["train"] = Split(p, "train", p.TrainSize), ["dev"] = Split(p, "dev", p.DevSize) },
            [MetricNames.Accuracy]);

    /// <summary>The labelled examples of one split; label 1 when even-numbered words are the majority.</summary>
    public static IReadOnlyList<Example> Split(BenchTaskParameters p, string split, int count) =>
        BenchText.Sentences(p.Seed, split, count, p.Length, p.Vocabulary)
            .Select((s, i) => new Example($"{split}-{i}", s.Text, Label: 2 * s.EvenWords > p.Length ? 1 : 0)).ToList();
}
