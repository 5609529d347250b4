using Repro.Engine.Runs;

namespace Repro.Engine.Launching;

/// <summary>Passes everything on to <paramref name="inner"/> and records each started run's directory in the group folder.</summary>
internal sealed class GroupSeedObserver(IRunObserver inner, string group) : IRunObserver
{
    /// <summary><paramref name="observer"/>, recording runs in <paramref name="group"/> when there is one.</summary>
    public static IRunObserver In(string? group, IRunObserver observer) => group is null ? observer : new GroupSeedObserver(observer, group);

    public void RunStarted(string recipeId, long seed, string directory)
    {
        GroupSeeds.Record(group, seed, directory);
        inner.RunStarted(recipeId, seed, directory);
    }

    public void StageStarted(string stage, int totalSteps) => inner.StageStarted(stage, totalSteps);
    public void Step(StepRecord record) => inner.Step(record);
    public void Evaluated(EvalRecord record) => inner.Evaluated(record);
    public void StageFinished(string stage) => inner.StageFinished(stage);
    public void Info(string message) => inner.Info(message);
}
