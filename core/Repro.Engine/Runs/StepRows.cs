using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>The rows of a run's step log (<see cref="RunFiles.Steps"/>, JSON lines) that belong to one stage.</summary>
public static class StepRows
{
    /// <summary>The lines of <paramref name="files"/>' step log whose <c>stage</c> is <paramref name="stage"/>, verbatim; none when there is no log.</summary>
    public static IEnumerable<string> Of(RunFiles files, string stage) =>
        Lines(files.Steps).Where(line => Parse(line) is { } row && row.TryGetProperty("stage", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == stage);

    /// <summary>
    /// The last training loss logged for <paramref name="stage"/> (the mean over its last logging window): from this
    /// run's log, else from the log the stage cache kept of the run that computed it (<see cref="RunFiles.CachedSteps"/>);
    /// null when neither has one.
    /// </summary>
    public static double? FinalTrainingLoss(RunFiles files, string stage) =>
        LastTrainingLoss(Of(files, stage)) ?? LastTrainingLoss(Lines(files.CachedSteps(stage)));

    private static double? LastTrainingLoss(IEnumerable<string> lines)
    {
        double? last = null;
        foreach (var line in lines)
            if (Parse(line) is { } row && row.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "train"
                && row.TryGetProperty("loss", out var loss) && loss.ValueKind == JsonValueKind.Number)
                last = loss.GetDouble();
        return last;
    }

    private static IEnumerable<string> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0) : [];

    // A damaged line is no row.
    private static JsonElement? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException) { return null; }
    }
}
