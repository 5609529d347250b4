using Repro.Contracts;
using TorchSharp;

namespace Repro.Bench.Tasks;

/// <summary>Parameters of <see cref="MemoryProbe"/>.</summary>
public sealed class MemoryProbeParameters
{
    [Param("Sample every this many steps.", Min = 1)]
    public int Every { get; set; } = 50;

    [Param("File the samples are appended to (one line per sample: step, RSS bytes, live tensors).")]
    public string File { get; set; } = "memory.tsv";
}

/// <summary>
/// A no-op regularizer that records the process's resident set size and the training thread's live
/// tensor count after the optimizer step, so a long run shows whether either grows. It adds no penalty
/// and draws no random numbers; the run's numbers are those it would have without it.
/// </summary>
[Plugin("bench-memory-probe", "1.0.0", Description = "Benchmark: samples RSS and live tensors every N steps to a file; changes no numbers",
    Determinism = DeterminismTier.Bitwise)]
public sealed class MemoryProbe : RegularizerPlugin<MemoryProbeParameters>
{
    /// <inheritdoc/>
    public override Regularizer Create(MemoryProbeParameters p) => new Sampler(p.Every, p.File);

    private sealed class Sampler(int every, string file) : Regularizer
    {
        private readonly StreamWriter _out = new(file, append: true) { AutoFlush = true };

        public override void AfterOptimizerStep(TrainingStep step)
        {
            if (step.Step % every != 0) return;
            _out.WriteLine($"{step.Step}\t{Environment.WorkingSet}\t{DisposeScopeManager.Statistics.ThreadTotalLiveCount}");
        }

        public override void Dispose()
        {
            _out.Dispose();
            base.Dispose();
        }
    }
}
