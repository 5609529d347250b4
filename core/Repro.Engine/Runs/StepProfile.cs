using System.Diagnostics;
using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>
/// Where a training step's wall time goes, summed per stage over its steps and written as JSON when the run ends
/// (<c>repro run --profile FILE</c>, which bench/run.sh uses for its step split): <c>data</c> (the batch), <c>forward</c>
/// (embeddings, forward pass, loss, regularizer penalties), <c>backward</c>, <c>clip</c>, <c>optimizer</c> (the update and
/// the regularizers' after-step hooks) and <c>other</c> (logging). On CPU a kernel has finished when its call returns, so
/// the marks time the work; on CUDA they would time launches.
/// </summary>
public sealed class StepProfile(string path) : IDisposable
{
    private readonly Stopwatch _clock = new();
    private readonly SortedDictionary<string, (int Steps, SortedDictionary<string, double> Seconds)> _stages = new(StringComparer.Ordinal);
    private SortedDictionary<string, double>? _current;

    /// <summary>A step of <paramref name="stage"/> starts.</summary>
    public void StartStep(string stage)
    {
        var (steps, seconds) = _stages.GetValueOrDefault(stage, (0, new SortedDictionary<string, double>(StringComparer.Ordinal)));
        _stages[stage] = (steps + 1, seconds);
        _current = seconds;
        _clock.Restart();
    }

    /// <summary>The time since the last mark went to <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        if (_current is null) return;
        _current[phase] = _current.GetValueOrDefault(phase) + _clock.Elapsed.TotalSeconds;
        _clock.Restart();
    }

    public void Dispose() => File.WriteAllText(path, JsonSerializer.Serialize(
        _stages.ToDictionary(s => s.Key, s => new { steps = s.Value.Steps, seconds = s.Value.Seconds }), Json.Options) + "\n");
}
