using Repro.Engine.Runs;

namespace Repro.Engine;

/// <summary>What a front end (progress bars, plain log lines, tests) hears of a run.</summary>
public interface IRunObserver
{
    /// <summary>A run directory was created for a seed.</summary>
    void RunStarted(string recipeId, long seed, string directory);
    /// <summary>A stage begins; <paramref name="totalSteps"/> is 0 for evaluate stages.</summary>
    void StageStarted(string stage, int totalSteps);
    /// <summary>A logged training step.</summary>
    void Step(StepRecord record);
    /// <summary>An evaluation finished.</summary>
    void Evaluated(EvalRecord record);
    /// <summary>A stage ended.</summary>
    void StageFinished(string stage);
    /// <summary>Informational line (data loaded, weights saved...).</summary>
    void Info(string message);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentObserver : IRunObserver
{
    /// <inheritdoc/>
    public void RunStarted(string recipeId, long seed, string directory) { }
    /// <inheritdoc/>
    public void StageStarted(string stage, int totalSteps) { }
    /// <inheritdoc/>
    public void Step(StepRecord record) { }
    /// <inheritdoc/>
    public void Evaluated(EvalRecord record) { }
    /// <inheritdoc/>
    public void StageFinished(string stage) { }
    /// <inheritdoc/>
    public void Info(string message) { }
}
