using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Runs;

/// <summary>One traced step: the exact loss and a hash of every parameter tensor after the update.</summary>
public sealed record TraceRecord(string Stage, int Step, double Loss, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// JSON Lines of <see cref="TraceRecord"/>s, written by <c>repro run --check-determinism</c>'s child runs.
/// Reading the loss every step costs a host sync, so only the check traces.
/// </summary>
public sealed class StepTrace(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path) { NewLine = "\n" };

    /// <summary>Traces a step.</summary>
    public void Write(string stage, int step, Tensor loss, IEnumerable<(string Name, Tensor Tensor)> parameters)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in parameters)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            hashes[name] = Convert.ToHexStringLower(SHA256.HashData(cpu.bytes))[..16];
        }
        _writer.WriteLine(JsonSerializer.Serialize(new TraceRecord(stage, step, loss.detach().cpu().item<float>(), hashes), Json.Compact));
    }

    /// <summary>Reads a trace file.</summary>
    public static List<TraceRecord> Read(string path) =>
        File.ReadLines(path).Select(l => JsonSerializer.Deserialize<TraceRecord>(l, Json.Options)!).ToList();

    /// <summary>The first place two traces disagree, or null when they agree step for step.</summary>
    public static string? FirstDivergence(IReadOnlyList<TraceRecord> a, IReadOnlyList<TraceRecord> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i >= a.Count || i >= b.Count) return $"one run stopped after {Math.Min(a.Count, b.Count)} traced steps, the other went on";
            var (x, y) = (a[i], b[i]);
            var where = $"stage '{x.Stage}' step {x.Step}";
            if (x.Loss != y.Loss)
                return $"{where}: the loss differs ({x.Loss:R} vs {y.Loss:R})";
            var tensor = x.Parameters.Keys.FirstOrDefault(k => y.Parameters.GetValueOrDefault(k) != x.Parameters[k]);
            if (tensor is not null) return $"{where}: the loss agrees, but parameter '{tensor}' differs after the update";
        }
        return null;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
