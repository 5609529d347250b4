using System.Diagnostics;
using static TorchSharp.torch;

namespace Repro.Bench.RawLoop;

/// <summary>The machine's fp32 matrix-multiply rate through libtorch: the best of several 2048³ products.</summary>
public static class GemmProbe
{
    public static double GigaflopsPerSecond(int threads, int size = 2048, int repeats = 8)
    {
        set_num_threads(threads);
        using var scope = NewDisposeScope();
        var a = randn(size, size);
        var b = randn(size, size);
        a.matmul(b).Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / best / 1e9;
    }
}
