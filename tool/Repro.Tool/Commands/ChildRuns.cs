using System.Diagnostics;
using Repro.Engine;

namespace Repro.Tool.Commands;

/// <summary>
/// The local executor with <c>--jobs N</c>: runs each seed (of each sweep configuration) as a child <c>repro run RECIPE --seed S --group G</c>
/// (this very tool, same options), at most <c>N</c> at once; each child keeps the recipe's thread count, so its
/// metrics are bitwise those of a sequential run. Child output is passed on, each line prefixed with its seed.
/// </summary>
internal static class ChildRuns
{
    /// <summary>How to start this tool again: the apphost itself, or <c>dotnet repro.dll</c>.</summary>
    public static (string File, IReadOnlyList<string> Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new ReproException("cannot find this tool's own executable to start child runs");
        var isHost = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return isHost && entry is { Length: > 0 } ? (process, [entry]) : (process, []);
    }

    /// <summary>Runs each seed's child with <paramref name="argsOf"/>, <paramref name="jobs"/> at once; returns the seeds whose child failed.</summary>
    public static IReadOnlyList<long> Run(IReadOnlyList<long> seeds, int jobs, Func<long, IReadOnlyList<string>> argsOf) =>
        Run(seeds, jobs, seed => $"seed {seed}", argsOf).Order().ToList();

    /// <summary>
    /// Runs a child per item with <paramref name="argsOf"/>, <paramref name="jobs"/> at once and started in the items' order
    /// (a sweep's first configuration computes the shared stages that the later ones read from the cache), its output lines
    /// prefixed with <paramref name="label"/>; returns the items whose child failed, in their order.
    /// </summary>
    public static IReadOnlyList<T> Run<T>(IReadOnlyList<T> items, int jobs, Func<T, string> label, Func<T, IReadOnlyList<string>> argsOf)
    {
        var (file, prefix) = Self();
        var failed = new List<int>();
        var output = new object();
        // No range partitioning: each free slot takes the next item in order.
        var inOrder = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, items.Count), System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(inOrder, new ParallelOptions { MaxDegreeOfParallelism = jobs }, index =>
        {
            var item = items[index];
            var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in prefix.Concat(argsOf(item))) info.ArgumentList.Add(a);
            using var child = Process.Start(info) ?? throw new ReproException($"could not start the run of {label(item)}");
            void Pass(string? line, TextWriter to)
            {
                if (line is null) return;
                lock (output) to.WriteLine($"[{label(item)}] {line}");
            }
            child.OutputDataReceived += (_, e) => Pass(e.Data, Console.Out);
            child.ErrorDataReceived += (_, e) => Pass(e.Data, Console.Error);
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            // Ctrl+C reaches the children too (same process group); each stops at a step boundary on its own.
            child.WaitForExit();
            if (child.ExitCode != 0) lock (failed) failed.Add(index);
        });
        failed.Sort();
        return failed.Select(i => items[i]).ToList();
    }
}
