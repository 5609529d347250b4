namespace Repro.Engine.Recipes;

/// <summary>
/// One stage of the pipeline: a <see cref="TrainingStage"/> (pretrain, finetune, multitask), an <see cref="EvaluateStage"/>,
/// a <see cref="FuseStage"/> or a <see cref="BaselineStage"/>. The constructor is private to this assembly's records, so
/// these four are all there are; <see cref="Match{T}"/> makes code that handles each one name all four, and what each kind
/// allows and needs is in <see cref="StageKinds"/>.
/// </summary>
public abstract record Stage
{
    private protected Stage(string name, IReadOnlyList<(string Name, Component Task)> namedTasks, Component? model, IReadOnlyList<string> from,
        long? seed, string pairing, EvalSpec eval)
    {
        Name = name;
        NamedTasks = namedTasks;
        Model = model;
        From = from;
        Seed = seed;
        Pairing = pairing;
        Eval = eval;
    }

    /// <summary>The stage's name, its key under <c>stages:</c>.</summary>
    public string Name { get; init; }

    /// <summary>The stage's tasks by name: one, named after the stage; a multitask stage's several; none for a fuse stage.</summary>
    public IReadOnlyList<(string Name, Component Task)> NamedTasks { get; init; }

    /// <summary>The model the stage builds, when it names its own (<c>model:</c>); null when it starts from an earlier stage or uses the recipe's.</summary>
    public Component? Model { get; init; }

    /// <summary>The stages whose weights this one starts from: none (a new model), one, or several (fuse).</summary>
    public IReadOnlyList<string> From { get; init; }

    /// <summary>A pinned seed for the stage's own random streams, independent of the run seed, so one
    /// result (a "released" pretrained model) is shared by every run seed; for a nested stage, the seed the run's seed gives it.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// <c>seed: { nested: K }</c>: the stage has K seeds of its own, and run seed s trains (or reuses) the one
    /// <see cref="NestedSeed"/> gives, so K intermediate models are each shared by every K-th run seed: the seeds' spread
    /// contains the intermediate model's variance at a K-th of the cost of one per seed. Null for a stage without.
    /// </summary>
    public int? NestedSeeds { get; init; }

    /// <summary>The seed run seed <paramref name="runSeed"/> gives a stage nested <paramref name="count"/> ways: 1 + (s − 1) mod K.</summary>
    public static long NestedSeed(long runSeed, int count) => 1 + ((runSeed - 1) % count + count) % count;

    /// <summary><c>pairing:</c> task (the default), stage, or a group name; see <see cref="RandomStreams"/>.</summary>
    public string Pairing { get; init; }

    /// <summary>What the stage evaluates and when (a fuse stage: nothing).</summary>
    public EvalSpec Eval { get; init; }

    /// <summary>The stage's kind; its facts are <see cref="Facts"/>.</summary>
    public abstract StageKind Kind { get; }

    /// <summary>What the stage's kind allows and needs.</summary>
    public StageKindFacts Facts => StageKinds.Of(Kind);

    /// <summary>
    /// The one way to act on what a stage is: a function for each record type, so a new stage type (a new parameter here)
    /// does not compile until every caller handles it (error CS7036), and each record must implement it (error CS0534).
    /// </summary>
    public abstract T Match<T>(Func<TrainingStage, T> training, Func<EvaluateStage, T> evaluate, Func<FuseStage, T> fuse, Func<BaselineStage, T> baseline);

    /// <summary>Every plugin component the stage names: its tasks, its regularizers and its own model.</summary>
    public virtual IEnumerable<Component> Components => Tasks.Concat(Model is null ? [] : [Model]);

    /// <summary>The subset of the train split the stage learns from (<c>train_examples:</c>); null for all of it, or when it learns nothing.</summary>
    public virtual TrainSubset? TrainExamples => null;

    /// <summary>The probability of masking a token when a masked-LM task is evaluated: a pretrain stage's <c>mask_probability</c>, else the default.</summary>
    public virtual double EvaluationMaskProbability => TrainingSettings.DefaultMaskProbability;

    /// <summary>
    /// Whose random streams the stage draws (head initialisation, data order, dropout, masking, regularizers): with
    /// <c>pairing: task</c> (the default) those of its task(s), so arms that train the same task within a run seed
    /// share every stream except what they compare (common random numbers); <c>pairing: stage</c> its own;
    /// <c>pairing: NAME</c> those of the named group.
    /// </summary>
    public string RandomStreams => Pairing switch
    {
        "stage" => $"stage:{Name}",
        "task" when NamedTasks.Count > 0 => "task:" + string.Join("+", NamedTasks.Select(t => $"{t.Task.Id}#{ShortHash(t.Task.Identity)}")),
        "task" => $"stage:{Name}",
        var group => $"group:{group}",
    };

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];

    /// <summary>The one stage this stage starts from, or null (a new model, or a fuse stage's several).</summary>
    public string? Upstream => From.Count == 1 ? From[0] : null;

    /// <summary>Every task component of the stage.</summary>
    public IEnumerable<Component> Tasks => NamedTasks.Select(t => t.Task);

    /// <summary>The splits the stage evaluates of <paramref name="task"/>: its <c>eval.splits</c> (the planner checks that the task has them), or every split of the task but train.</summary>
    public IReadOnlyList<string> EvaluatedSplits(Contracts.ITask task) => Eval.Splits ?? task.Splits.Where(s => s != "train").ToList();

    /// <summary>
    /// The metrics the stage reports for <paramref name="task"/>: its <c>eval.metrics</c>, else the task's own; a stage without an
    /// encoder (a baseline) has no probability model, so it reports no loss or perplexity.
    /// </summary>
    public IReadOnlyList<string> ReportedMetrics(Contracts.ITask task) =>
        (Eval.Metrics ?? task.Metrics).Where(m => Facts.HasEncoder || m is not (Contracts.MetricNames.Loss or Contracts.MetricNames.Perplexity)).ToList();
}
