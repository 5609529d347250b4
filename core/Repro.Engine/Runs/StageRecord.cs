using System.Text.Json;
using Repro.Contracts;

namespace Repro.Engine.Runs;

/// <summary>
/// <c>stages/&lt;stage&gt;/done.json</c>, written last when a stage finishes: its metrics, its head, the
/// hashes of its weights and where the step log stood (and a classification head's class names, for export).
/// A stage without it is unfinished.
/// </summary>
public sealed record StageRecord(
    string Stage,
    SortedDictionary<string, SortedDictionary<string, double>> Metrics,
    TargetKind HeadTarget,
    int HeadOutputs,
    string BodySha256,
    string HeadSha256,
    long LogOffset,
    IReadOnlyList<string>? Labels = null)
{
    /// <summary>File name inside the stage folder.</summary>
    public const string FileName = "done.json";

    /// <summary>The record of a finished stage, its weights verified, or null when the stage did not finish.</summary>
    public static StageRecord? Read(RunFiles files, string stage)
    {
        var path = Path.Combine(files.Stage(stage), FileName);
        if (!File.Exists(path)) return null;
        var record = Json.Read<StageRecord>(path);
        FileHash.Verify(files.Body(stage), record.BodySha256, $"weights of stage '{stage}'");
        FileHash.Verify(files.Head(stage), record.HeadSha256, $"head weights of stage '{stage}'");
        return record;
    }
}
