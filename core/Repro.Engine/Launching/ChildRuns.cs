using System.Collections.Concurrent;
using System.Diagnostics;

namespace Repro.Engine.Launching;

/// <summary>
/// Runs child processes of this tool, at most <c>N</c> at once, started in the items' order (a sweep's first configuration
/// computes the shared stages that the later ones read from the cache). Child output is passed on, each line prefixed.
/// </summary>
internal static class ChildRuns
{
    /// <summary>Runs a child per item with <paramref name="argsOf"/>, its output lines prefixed with <paramref name="label"/>; returns the items whose child failed, in their order.</summary>
    public static IReadOnlyList<T> Run<T>(IReadOnlyList<T> items, int jobs, Func<T, string> label, Func<T, IReadOnlyList<string>> argsOf)
    {
        var failed = new List<int>();
        var output = new object();
        // No range partitioning: each free slot takes the next item in order.
        var inOrder = Partitioner.Create(Enumerable.Range(0, items.Count), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(inOrder, new ParallelOptions { MaxDegreeOfParallelism = jobs }, index =>
        {
            var item = items[index];
            using var child = Process.Start(SelfProcess.StartInfo(argsOf(item))) ?? throw new ReproException($"could not start the run of {label(item)}");
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
