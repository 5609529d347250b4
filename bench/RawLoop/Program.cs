using System.Globalization;
using System.Text.Json;
using Repro.Bench.RawLoop;

// raw-loop gemm THREADS                  → prints the libtorch fp32 GEMM GFLOP/s
// raw-loop optimizer THREADS             → prints the ms of one AdamW step over MiniLM's parameters: TorchSharp's, then Repro's fused
// raw-loop train OUT.json --option value → trains; prints "first-step" after step 1; writes windows to OUT.json
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["gemm", var threads])
{
    Console.WriteLine(GemmProbe.GigaflopsPerSecond(int.Parse(threads)).ToString("F1", CultureInfo.InvariantCulture));
    return 0;
}
if (args is ["optimizer", var optimizerThreads])
{
    var (perTensor, fused) = OptimizerProbe.MillisecondsPerStep(int.Parse(optimizerThreads));
    Console.WriteLine(FormattableString.Invariant($"{perTensor:F1} {fused:F1}"));
    return 0;
}
if (args.Length < 2 || args[0] != "train")
{
    Console.Error.WriteLine("usage: raw-loop gemm THREADS | raw-loop optimizer THREADS | raw-loop train OUT.json [--workload finetune|mlm] [--hidden N] ...");
    return 2;
}
var settings = RawSettings.Parse(args[2..]);
var result = RawTraining.Run(settings, afterStep: step =>
{
    if (step == 1) Console.WriteLine("first-step");
});
File.WriteAllText(args[1], JsonSerializer.Serialize(new
{
    window_steps = settings.Window,
    batch = settings.BatchSize,
    window_seconds = result.WindowSeconds,
    window_losses = result.WindowLosses,
    live_tensors = result.LiveTensors,
    steps = settings.Steps,
    phase_seconds = result.PhaseSeconds,
}));
return 0;
