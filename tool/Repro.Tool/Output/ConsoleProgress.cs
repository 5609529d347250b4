using Repro.Engine;
using Repro.Engine.Runs;
using Spectre.Console;

namespace Repro.Tool.Output;

/// <summary>
/// Shows a run's progress: live bars (stage, step/total, loss, examples/s, ETA) on a terminal,
/// plain lines, at most one a second per stage, when output goes to a file or a CI log.
/// </summary>
internal static class ConsoleProgress
{
    public static T Run<T>(Func<IRunObserver, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || System.Console.IsOutputRedirected)
            return work(new PlainObserver());
        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = work(new LiveObserver(ctx)));
        return result;
    }

    private static string Describe(StepRecord r) =>
        $"{r.Stage,-12} {r.Step,6}/{r.TotalSteps,-6} loss {r.Loss,8:F4}  lr {r.Lr:0.00e+00}  {r.ExamplesPerSecond,8:F0} ex/s";

    private static string Describe(EvalRecord r) =>
        $"{r.Stage,-12} eval {r.Split} @ {r.Step}: {string.Join("  ", r.Metrics.Select(kv => $"{kv.Key} {kv.Value:F4}"))}";

    private sealed class LiveObserver(ProgressContext ctx) : IRunObserver
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void RunStarted(string recipeId, long seed, string directory) =>
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(recipeId)}[/] seed {seed} → {Markup.Escape(directory)}");

        public void StageStarted(string stage, int totalSteps) =>
            _tasks[stage] = ctx.AddTask(Markup.Escape($"{stage,-12} starting"), maxValue: Math.Max(1, totalSteps));

        public void Step(StepRecord r)
        {
            var task = _tasks[r.Stage];
            task.Description = Markup.Escape(Describe(r));
            task.Value = r.Step;
        }

        public void Evaluated(EvalRecord r) => AnsiConsole.MarkupLine(Markup.Escape(Describe(r)));

        public void StageFinished(string stage)
        {
            var task = _tasks[stage];
            task.Value = task.MaxValue;
            task.StopTask();
        }

        public void Info(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
    }

    private sealed class PlainObserver : IRunObserver
    {
        private readonly Dictionary<string, DateTime> _lastLine = [];

        public void RunStarted(string recipeId, long seed, string directory) => System.Console.WriteLine($"{recipeId} seed {seed} -> {directory}");

        public void StageStarted(string stage, int totalSteps)
        {
            _lastLine[stage] = DateTime.MinValue;
            System.Console.WriteLine(totalSteps == 0 ? $"{stage}: evaluating" : $"{stage}: {totalSteps} steps");
        }

        public void Step(StepRecord r)
        {
            if (r.Step != r.TotalSteps && DateTime.UtcNow - _lastLine[r.Stage] < TimeSpan.FromSeconds(1)) return;
            _lastLine[r.Stage] = DateTime.UtcNow;
            var remaining = r.Step == 0 ? 0 : r.ElapsedSeconds / r.Step * (r.TotalSteps - r.Step);
            System.Console.WriteLine($"{Describe(r)}  eta {TimeSpan.FromSeconds(Math.Round(remaining)):mm\\:ss}");
        }

        public void Evaluated(EvalRecord r) => System.Console.WriteLine(Describe(r));
        public void StageFinished(string stage) => System.Console.WriteLine($"{stage}: done");
        public void Info(string message) => System.Console.WriteLine(message);
    }
}
