namespace Repro.Engine.Determinism;

/// <summary>
/// What a derived seed is for: every random stream of a run is one of these, defined here once. The text is what
/// <see cref="SeedTree"/> hashes (and the manifest's <c>seed_tree</c> records), so it must never change: a changed
/// text changes every result that draws from the stream.
/// </summary>
public sealed class SeedPurpose
{
    private SeedPurpose(string text, bool inStageStreams) => (Text, InStageStreams) = (text, inStageStreams);

    /// <summary>The text hashed into the seed (<c>init</c>, <c>regularizer:l2-sp</c>, ...).</summary>
    public string Text { get; }

    /// <summary>
    /// Drawn from a stage's random streams (<c>Stage.RandomStreams</c>), so arms paired on a task share it; otherwise a
    /// path of its own under the run seed.
    /// </summary>
    public bool InStageStreams { get; }

    /// <summary>The body's initial weights of a stage that builds a new model.</summary>
    public static SeedPurpose Init { get; } = new("init", true);

    /// <summary>A task head's initial weights: <c>head-init</c>, or <c>head-init:TASK</c> for one of a multitask stage's tasks.</summary>
    public static SeedPurpose HeadInit(string? taskOfSeveral) => new(taskOfSeveral is null ? "head-init" : $"head-init:{taskOfSeveral}", true);

    /// <summary>The down-projections <c>A</c> of a <c>lora:</c> stage's adapters (drawn after the body and heads are built).</summary>
    public static SeedPurpose LoraInit { get; } = new("lora-init", true);

    /// <summary>The order of training batches.</summary>
    public static SeedPurpose DataOrder { get; } = new("data-order", true);

    /// <summary>Which tokens masked-LM training masks.</summary>
    public static SeedPurpose Masking { get; } = new("masking", true);

    /// <summary>Dropout while training (libtorch's generator).</summary>
    public static SeedPurpose Dropout { get; } = new("dropout", true);

    /// <summary>A regularizer's own generator, by plugin id.</summary>
    public static SeedPurpose Regularizer(string pluginId) => new($"regularizer:{pluginId}", true);

    /// <summary>The <c>train_examples</c> subset drawn per run seed (<c>draw: seed</c>).</summary>
    public static SeedPurpose TrainSubset { get; } = new("train-subset", true);

    /// <summary>A task plugin's data (<c>TaskContext.Seed</c>), by plugin id: shared by every stage that loads the same task.</summary>
    public static SeedPurpose Data(string pluginId) => new($"data:{pluginId}", false);

    /// <summary>Which tokens a masked-LM evaluation masks, by metric split (<c>dev</c>, <c>task.dev</c>).</summary>
    public static SeedPurpose EvaluationMasking(string metricSplit) => new($"eval-masking:{metricSplit}", false);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
