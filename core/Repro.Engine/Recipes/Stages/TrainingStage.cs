namespace Repro.Engine.Recipes;

/// <summary>A stage that trains the encoder: pretrain (masked or causal LM), finetune (one task) or multitask (several, one head each).</summary>
/// <param name="Training">Optimizer, schedule, budget, batches, regularizers, freezing: what every training kind shares.</param>
/// <param name="Mixture">How a multitask stage mixes its tasks; null for pretrain and finetune.</param>
public sealed record TrainingStage(string Name, StageKind Kind, IReadOnlyList<(string Name, Component Task)> NamedTasks, Component? Model,
    IReadOnlyList<string> From, long? Seed, string Pairing, EvalSpec Eval, TrainingSettings Training, TaskMixture? Mixture = null)
    : Stage(Name, NamedTasks, Model, From, Seed, Pairing, Eval)
{
    /// <summary>Pretrain, finetune or multitask.</summary>
    public override StageKind Kind { get; } = StageKinds.Of(Kind).Trains ? Kind : throw new ArgumentException($"a {StageKinds.Of(Kind).Name} stage does not train", nameof(Kind));

    /// <inheritdoc/>
    public override T Match<T>(Func<TrainingStage, T> training, Func<EvaluateStage, T> evaluate, Func<FuseStage, T> fuse, Func<BaselineStage, T> baseline) => training(this);

    /// <inheritdoc/>
    public override IEnumerable<Component> Components => Tasks.Concat(Training.Regularizers).Concat(Model is null ? [] : [Model]);

    /// <inheritdoc/>
    public override TrainSubset? TrainExamples => Training.TrainExamples;

    /// <inheritdoc/>
    public override double EvaluationMaskProbability => Training.MaskProbability;
}

/// <summary>What every training stage is given: how it optimizes, for how long, on what, and what else shapes its gradients.</summary>
/// <param name="TrainExamples">A subset of the train split to train on; null for all of it.</param>
/// <param name="MaskProbability">The masked-LM masking probability (written and settable for pretrain stages only).</param>
/// <param name="Freeze">Body parameter name prefixes kept fixed; null for none.</param>
/// <param name="Objective">A language-modelling stage's objective (<c>objective:</c>, else implied by <c>mask_probability</c>,
/// else its model's, <see cref="LanguageModelObjective"/>); null for the other stages.</param>
/// <param name="Lora">Low-rank adapters on the body's Linear layers; null for none. A LoRA stage trains its adapters and heads only.</param>
public sealed record TrainingSettings(
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    int? Steps,
    int? Epochs,
    int BatchSize,
    double GradClip,
    double MaskProbability,
    int LogEvery,
    int CheckpointEvery,
    IReadOnlyList<Component> Regularizers,
    TrainSubset? TrainExamples = null,
    IReadOnlyList<string>? Freeze = null,
    Contracts.TargetKind? Objective = null,
    LoraSpec? Lora = null)
{
    /// <summary>The masking probability when a recipe gives none (and of every stage but pretrain, which alone may set it).</summary>
    public const double DefaultMaskProbability = 0.15;

    /// <summary>Body parameter groups kept fixed while the stage trains (name prefixes such as <c>embeddings</c>); empty when none.</summary>
    public IReadOnlyList<string> Frozen => Freeze ?? [];
}

/// <summary><c>train_examples:</c> the size of the subset of the train split a stage learns from, and how it is drawn.</summary>
/// <param name="Count">How many examples.</param>
/// <param name="PerSeed">Drawn per run seed (<c>draw: seed</c>) rather than fixed by the example ids.</param>
public sealed record TrainSubset(int Count, bool PerSeed);
