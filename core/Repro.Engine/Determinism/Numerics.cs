using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Repro.Engine.Determinism;

/// <summary>
/// What fixes floating-point results on a machine: intra-op threads, the CPU kernels libtorch picks,
/// and environment variables that change numerics. TorchSharp 0.107 has no switch for deterministic
/// algorithms; on CPU the thread count and kernel set are what matter, so both are fixed and recorded.
/// </summary>
public static class Numerics
{
    /// <summary>Environment variables that change numerics or threading; recorded in every manifest.</summary>
    public static readonly string[] Variables =
        ["ATEN_CPU_CAPABILITY", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "CUBLAS_WORKSPACE_CONFIG", "CUDA_VISIBLE_DEVICES", "KMP_DETERMINISTIC_REDUCTION", "OMP_WAIT_POLICY"];

    /// <summary>
    /// Makes idle OpenMP threads sleep instead of spin (<c>OMP_WAIT_POLICY=PASSIVE</c>) unless the environment already
    /// chooses a policy. On a machine whose cores other processes also use, spinning threads made 2-thread steps 10 to
    /// 70 times slower (bench/RESULTS.md). The policy changes no numbers. It must run before libtorch (and its OpenMP
    /// runtime, which reads the variable when it loads) is first used, so the tool calls it first thing.
    /// </summary>
    public static void PreferPassiveOpenMpWaiting()
    {
        if (System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
        System.Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
    }

    // .NET keeps its own copy of the environment on Unix; native libraries read the C library's.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Pins intra-op threads. Inter-op threads (used only by asynchronous TorchScript forks, which
    /// Repro never starts) are left alone: libtorch aborts the process if they are set twice.
    /// </summary>
    public static void PinThreads(int threads) => set_num_threads(threads);

    /// <summary>The environment variables of <see cref="Variables"/> that are set.</summary>
    public static SortedDictionary<string, string> Environment()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Variables)
            if (System.Environment.GetEnvironmentVariable(name) is { } value) result[name] = value;
        return result;
    }

    /// <summary>
    /// The CPU kernel set libtorch dispatches to: ATEN_CPU_CAPABILITY when set, else the best the CPU
    /// supports (avx512 needs avx512f/bw/vl/dq, avx2 needs avx2 and fma), read from /proc/cpuinfo.
    /// </summary>
    public static string CpuCapability()
    {
        if (System.Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") is { Length: > 0 } forced) return forced;
        var flags = CpuInfo("flags")?.Split(' ').ToHashSet() ?? [];
        if (new[] { "avx512f", "avx512bw", "avx512vl", "avx512dq" }.All(flags.Contains)) return "avx512";
        if (flags.Contains("avx2") && flags.Contains("fma")) return "avx2";
        return flags.Count == 0 ? "unknown" : "default";
    }

    /// <summary>The CPU model name.</summary>
    public static string CpuModel() => CpuInfo("model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    private static string? CpuInfo(string field)
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal) && l.Contains(':'))
                ?.Split(':', 2)[1].Trim();
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
