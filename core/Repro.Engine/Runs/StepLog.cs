using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>Appends JSON lines to <c>steps.jsonl</c>, one flushed line per record.</summary>
public sealed class StepLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };

    /// <summary>Writes one record.</summary>
    public void Write<T>(T record)
    {
        _writer.WriteLine(JsonSerializer.Serialize(record, Json.Compact));
        _writer.Flush();
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}

/// <summary>A training row of the step log.</summary>
public sealed record StepRecord(string Stage, int Step, int TotalSteps, double Loss, double Lr, double ExamplesPerSecond, double ElapsedSeconds)
{
    /// <summary>Always "train".</summary>
    public string Kind => "train";
}

/// <summary>An evaluation row of the step log.</summary>
public sealed record EvalRecord(string Stage, int Step, string Split, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Always "eval".</summary>
    public string Kind => "eval";
}
