using Repro.Contracts;

namespace Repro.Engine.Recipes;

/// <summary>
/// The one table of what each <see cref="StageKind"/> allows and needs, read by the recipe reader and writer, the planner,
/// the memory estimate, the analysis reader, the sanity gates and the reports. No other code compares stage kinds: it asks
/// this table, or (to run or write a stage) matches the stage's record type (<see cref="Stage.Match{T}"/>).
/// </summary>
public static class StageKinds
{
    private static readonly string[] FuseKeys = ["kind", "from", "weights"];
    private static readonly string[] BaselineKeys = ["kind", "task", "method", "train_examples", "eval", "pairing", "seed"];

    /// <summary>Every kind, in the order of <see cref="StageKind"/>.</summary>
    public static IReadOnlyList<StageKindFacts> All { get; } = [.. Enum.GetValues<StageKind>().Select(Of)];

    /// <summary>The names recipes write, in the order of <see cref="StageKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name)];

    /// <summary>The kind a recipe names, or null for an unknown name.</summary>
    public static StageKindFacts? Named(string? name) => All.FirstOrDefault(k => k.Name == name);

    // A switch expression over every member of the enum, with no discard arm: a kind added to StageKind and missing here is
    // error CS8509 ("the switch expression does not handle all possible values of its input type"; an error by Directory.Build.props).
    // CS8524 (values outside the named members, such as (StageKind)42) is what the missing discard arm would otherwise report.
#pragma warning disable CS8524
    /// <summary>The facts of one kind.</summary>
    public static StageKindFacts Of(StageKind kind) => kind switch
    {
        StageKind.Pretrain => new(kind, "pretrain", Trains: true, StageTasks.One, StageFrom.Optional, HasEncoder: true, SavesOwnWeights: true,
            ReusesUpstreamHead: false, LearnsFromTrainSplit: true, (TargetKind.MaskedLm, "pretrain needs a text (language-modelling) task"), OnlyKeys: null,
            StageMemory.Training, ReportsTaskMetrics: false, SanityGate.None),
        StageKind.Finetune => new(kind, "finetune", Trains: true, StageTasks.One, StageFrom.Optional, HasEncoder: true, SavesOwnWeights: true,
            ReusesUpstreamHead: false, LearnsFromTrainSplit: true, NeedsTarget: null, OnlyKeys: null,
            StageMemory.Training, ReportsTaskMetrics: true, SanityGate.Chance | SanityGate.Fit | SanityGate.PretrainedBeatsScratch),
        StageKind.Multitask => new(kind, "multitask", Trains: true, StageTasks.Several, StageFrom.Optional, HasEncoder: true, SavesOwnWeights: true,
            ReusesUpstreamHead: false, LearnsFromTrainSplit: true, NeedsTarget: null, OnlyKeys: null,
            StageMemory.Training, ReportsTaskMetrics: false, SanityGate.None),
        StageKind.Evaluate => new(kind, "evaluate", Trains: false, StageTasks.One, StageFrom.One, HasEncoder: true, SavesOwnWeights: false,
            ReusesUpstreamHead: true, LearnsFromTrainSplit: false, NeedsTarget: null, OnlyKeys: null,
            StageMemory.Weights, ReportsTaskMetrics: true, SanityGate.Chance),
        StageKind.Fuse => new(kind, "fuse", Trains: false, StageTasks.None, StageFrom.Several, HasEncoder: true, SavesOwnWeights: true,
            ReusesUpstreamHead: false, LearnsFromTrainSplit: false, NeedsTarget: null, FuseKeys,
            StageMemory.SourcesAndAverage, ReportsTaskMetrics: false, SanityGate.None),
        StageKind.Baseline => new(kind, "baseline", Trains: false, StageTasks.One, StageFrom.None, HasEncoder: false, SavesOwnWeights: false,
            ReusesUpstreamHead: false, LearnsFromTrainSplit: true, (TargetKind.Classification, "baselines classify sentences or tag words"), BaselineKeys,
            StageMemory.None, ReportsTaskMetrics: true, SanityGate.None) { AlsoAccepts = [TargetKind.TokenClassification] },
    };
#pragma warning restore CS8524
}
