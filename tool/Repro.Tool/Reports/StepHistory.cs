using System.Text.Json;
using Repro.Engine;

namespace Repro.Tool.Reports;

/// <summary>A training row of <c>steps.jsonl</c> as a report reads it.</summary>
internal sealed record TrainPoint(int Step, double Loss, double Lr);

/// <summary>An evaluation row of <c>steps.jsonl</c> as a report reads it.</summary>
internal sealed record EvalPoint(int Step, string Split, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The curves of one run, read back from <c>steps.jsonl</c>: training and evaluation rows per stage, stages in the order they ran.</summary>
internal sealed class StepHistory
{
    private readonly Dictionary<string, List<TrainPoint>> _train = [];
    private readonly Dictionary<string, List<EvalPoint>> _evals = [];
    private readonly List<string> _stages = [];

    /// <summary>Stages with at least one row, in the order they first appear.</summary>
    public IReadOnlyList<string> Stages => _stages;

    /// <summary>A stage's training rows (empty when none were logged).</summary>
    public IReadOnlyList<TrainPoint> Train(string stage) => _train.GetValueOrDefault(stage) ?? [];

    /// <summary>A stage's evaluation rows (empty when none were logged).</summary>
    public IReadOnlyList<EvalPoint> Evals(string stage) => _evals.GetValueOrDefault(stage) ?? [];

    /// <summary>Reads a step log; a missing file gives an empty history, a malformed line is bad input naming <c>file:line</c>.</summary>
    public static StepHistory Read(string path)
    {
        var history = new StepHistory();
        if (!File.Exists(path)) return history;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var row = doc.RootElement;
                var stage = row.GetProperty("stage").GetString()!;
                var step = row.GetProperty("step").GetInt32();
                if (!history._stages.Contains(stage)) history._stages.Add(stage);
                switch (row.GetProperty("kind").GetString())
                {
                    case "train":
                        Add(history._train, stage, new TrainPoint(step, row.GetProperty("loss").GetDouble(), row.GetProperty("lr").GetDouble()));
                        break;
                    case "eval":
                        var metrics = row.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
                        Add(history._evals, stage, new EvalPoint(step, row.GetProperty("split").GetString()!, metrics));
                        break;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                throw new ReproException($"{path}:{number}: not a step record ({e.Message})");
            }
        }
        return history;
    }

    private static void Add<T>(Dictionary<string, List<T>> rows, string stage, T row)
    {
        if (!rows.TryGetValue(stage, out var list)) rows[stage] = list = [];
        list.Add(row);
    }
}
