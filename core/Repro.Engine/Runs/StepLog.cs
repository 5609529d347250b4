using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>
/// Appends JSON lines to <c>steps.jsonl</c>, one flushed line per record, and the same scalars to TensorBoard
/// event files when given their folder (tags <c>stage/train/loss</c>, <c>stage/lr</c>, <c>stage/split/metric</c>).
/// </summary>
public sealed class StepLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;
    private readonly TensorBoardLog? _tensorBoard;

    /// <summary>Opens (or creates) the log for appending; <paramref name="tensorBoard"/> is the event files' folder.</summary>
    public StepLog(string path, string? tensorBoard = null)
    {
        _tensorBoard = tensorBoard is null ? null : new TensorBoardLog(tensorBoard);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _stream.Seek(0, SeekOrigin.End);
        _writer = new StreamWriter(_stream) { NewLine = "\n" };
    }

    /// <summary>Bytes written so far: where a checkpoint's log ends.</summary>
    public long Offset => _stream.Position;

    /// <summary>Writes one record.</summary>
    public void Write<T>(T record)
    {
        _writer.WriteLine(JsonSerializer.Serialize(record, Json.Compact));
        _writer.Flush();
        switch (record)
        {
            case StepRecord s:
                _tensorBoard?.Scalars(s.Step, [new($"{s.Stage}/train/loss", s.Loss), new($"{s.Stage}/lr", s.Lr)]);
                break;
            case EvalRecord e:
                _tensorBoard?.Scalars(e.Step, e.Metrics.Select(m => KeyValuePair.Create($"{e.Stage}/{e.Split}/{m.Key}", m.Value)));
                break;
        }
        _tensorBoard?.Flush();
    }

    /// <summary>Drops everything after <paramref name="offset"/>: the lines a resumed run will write again.</summary>
    public void TruncateTo(long offset)
    {
        _writer.Flush();
        _stream.SetLength(Math.Min(offset, _stream.Length));
        _stream.Seek(0, SeekOrigin.End);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _tensorBoard?.Dispose();
    }
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
