using Repro.Contracts;

namespace Repro.Engine.Recipes;

/// <summary>What one stage kind allows and needs: a row of <see cref="StageKinds"/>.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">As a recipe writes it (<c>kind: pretrain</c>).</param>
/// <param name="Trains">Trains the encoder with an optimizer for a budget (steps or epochs); only such stages take an optimizer,
/// a schedule, <c>freeze</c> and regularizers.</param>
/// <param name="Tasks">How many tasks the stage has.</param>
/// <param name="From">What its <c>from:</c> may or must name.</param>
/// <param name="HasEncoder">It builds or loads an encoder: it needs a model, and later stages can start from it.</param>
/// <param name="SavesOwnWeights">Its weights are its own (trained or averaged), so a fuse stage can average them; an evaluate stage's are its upstream's.</param>
/// <param name="ReusesUpstreamHead">It keeps its upstream stage's task head instead of making a new one.</param>
/// <param name="LearnsFromTrainSplit">It learns from its task's train split (so that split must exist and its text counts for leakage).</param>
/// <param name="NeedsTarget">The task target it needs, with the reason an error gives; null for any.</param>
/// <param name="OnlyKeys">The only keys it takes, <c>kind</c> first; null when the stage reader's fields decide.</param>
/// <param name="Memory">The fp32 copies of the model it keeps (<see cref="Planning.MemoryEstimate"/>).</param>
/// <param name="ReportsTaskMetrics">It reports one task's metrics as <c>stage/split/metric</c>, so <c>analysis:</c> can compare it.</param>
/// <param name="Gates">The sanity gates its results go through (<see cref="Statistics.SanityGates"/>).</param>
public sealed record StageKindFacts(
    StageKind Kind,
    string Name,
    bool Trains,
    StageTasks Tasks,
    StageFrom From,
    bool HasEncoder,
    bool SavesOwnWeights,
    bool ReusesUpstreamHead,
    bool LearnsFromTrainSplit,
    (TargetKind Target, string Why)? NeedsTarget,
    IReadOnlyList<string>? OnlyKeys,
    StageMemory Memory,
    bool ReportsTaskMetrics,
    SanityGate Gates)
{
    /// <summary>
    /// It trains a language-modelling objective on a text task, masked or causal by its model (<see cref="LanguageModelObjective"/>):
    /// it takes <c>objective</c> and (masked LM) <c>mask_probability</c>, and its accuracy and loss are per predicted token.
    /// </summary>
    public bool LanguageModel => NeedsTarget?.Target is { } target && LanguageModelObjective.IsText(target);

    /// <summary>Other targets it takes besides <see cref="NeedsTarget"/>'s (a baseline also tags words).</summary>
    public IReadOnlyList<TargetKind> AlsoAccepts { get; init; } = [];

    /// <summary>True when a task of <paramref name="target"/> can be this kind's task.</summary>
    public bool Accepts(TargetKind target) => NeedsTarget is not { } needed || needed.Target == target || AlsoAccepts.Contains(target);
}

/// <summary>How many tasks a stage kind has (<see cref="StageKindFacts.Tasks"/>).</summary>
public enum StageTasks
{
    /// <summary>No task (fuse).</summary>
    None,
    /// <summary>One task, named after the stage, with one head.</summary>
    One,
    /// <summary>Several named tasks, each with its own head (multitask).</summary>
    Several,
}

/// <summary>What a stage kind's <c>from:</c> names (<see cref="StageKindFacts.From"/>).</summary>
public enum StageFrom
{
    /// <summary>No <c>from:</c> (baseline: no encoder).</summary>
    None,
    /// <summary>One earlier stage, or none for a new model.</summary>
    Optional,
    /// <summary>Exactly one earlier stage (evaluate).</summary>
    One,
    /// <summary>A list of at least two earlier stages (fuse).</summary>
    Several,
}

/// <summary>The fp32 copies of the model a stage kind keeps (<see cref="StageKindFacts.Memory"/>).</summary>
public enum StageMemory
{
    /// <summary>No encoder.</summary>
    None,
    /// <summary>Its weights only.</summary>
    Weights,
    /// <summary>The weights of each source and their average.</summary>
    SourcesAndAverage,
    /// <summary>Weights, gradients, optimizer state and a regularizer's reference copy.</summary>
    Training,
}

/// <summary>The sanity gates a stage kind's results go through (<see cref="StageKindFacts.Gates"/>).</summary>
[Flags]
public enum SanityGate
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Its dev accuracy must beat always answering the training majority class.</summary>
    Chance = 1,
    /// <summary>Its final training loss must beat answering the training class frequencies.</summary>
    Fit = 2,
    /// <summary>As one arm of a compared pair, the arm started from pretrained weights must beat the one from random weights.</summary>
    PretrainedBeatsScratch = 4,
}
