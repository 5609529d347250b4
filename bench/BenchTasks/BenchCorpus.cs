using Repro.Contracts;

namespace Repro.Bench.Tasks;

/// <summary>Masked-LM pretraining workload over the same fixed-length sentences.</summary>
[Plugin("bench-corpus", "1.0.0", Description = "Benchmark: masked-LM corpus of fixed-length random word sentences",
    Determinism = DeterminismTier.Bitwise)]
public sealed class BenchCorpus : TaskPlugin<BenchTaskParameters>
{
    /// <inheritdoc/>
    public override ITask Load(BenchTaskParameters p, TaskContext context) =>
        new InMemoryTask(TargetKind.MaskedLm, [], false,
            new Dictionary<string, IReadOnlyList<Example>> { ["train"] = Split(p, "train", p.TrainSize), ["dev"] = Split(p, "dev", p.DevSize) },
            [MetricNames.Loss, MetricNames.Accuracy]);

    /// <summary>The unlabelled examples of one split.</summary>
    public static IReadOnlyList<Example> Split(BenchTaskParameters p, string split, int count) =>
        BenchText.Sentences(p.Seed, split, count, p.Length, p.Vocabulary).Select((s, i) => new Example($"{split}-{i}", s.Text)).ToList();
}
