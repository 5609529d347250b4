using Semver;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>A validated recipe: every field typed, every default filled in, every component bound to its plugin.</summary>
public sealed record Recipe(
    RecipeDocument Document,
    string Name,
    SemVersion Version,
    string Description,
    string? Claim,
    IReadOnlyList<long> Seeds,
    string Device,
    int Threads,
    PluginSources Plugins,
    TokenizerSpec Tokenizer,
    Component? Model,
    IReadOnlyList<Stage> Stages,
    IReadOnlyList<ToleranceRule> Tolerances,
    AnalysisSpec? Analysis = null,
    SweepSpec? Sweep = null,
    Slurm.SlurmDefaults? Executor = null)
{
    /// <summary><c>name@version</c>, the run folder's parent.</summary>
    public string Id => $"{Name}@{Version}";

    /// <summary>Every plugin component the recipe uses.</summary>
    public IEnumerable<Component> Components =>
        Stages.SelectMany(s => s.Components).Concat(Model is null ? [] : [Model]);

    /// <summary>
    /// The model a stage's body is built from: its own or the recipe's, at the start of its <c>from</c> chain (the first
    /// source of a fuse). Null for a baseline stage of a recipe with no model, and in a recipe that failed validation (a stage
    /// with no model, or a <c>from</c> cycle).
    /// </summary>
    public Component? ModelOf(Stage stage) => ModelOf(stage, Stages, Model);

    /// <summary><see cref="ModelOf(Stage)"/> among <paramref name="stages"/> (those read so far, while reading) with the recipe's <paramref name="model"/>.</summary>
    internal static Component? ModelOf(Stage stage, IReadOnlyList<Stage> stages, Component? model)
    {
        var seen = new HashSet<string>();
        while (stage.From.Count > 0 && seen.Add(stage.Name) && stages.FirstOrDefault(s => s.Name == stage.From[0]) is { } upstream) stage = upstream;
        return stage.From.Count > 0 && !seen.Add(stage.Name) ? null : stage.Model ?? model;
    }

    /// <summary>
    /// How <paramref name="stage"/> learns a text task: a training stage's resolved <c>objective</c>, else its model's
    /// (<see cref="LanguageModelObjective"/>); the one answer the planner, the heads and the loss use.
    /// </summary>
    public Contracts.TargetKind ObjectiveOf(Stage stage) =>
        stage is TrainingStage { Training.Objective: { } objective } ? objective : LanguageModelObjective.Of(ModelOf(stage));

    /// <summary>The recipe as run seed <paramref name="seed"/> executes it: every nested stage's <see cref="Stage.Seed"/> fixed (<see cref="Stage.NestedSeed"/>).</summary>
    public Recipe ForRunSeed(long seed) => Stages.Any(s => s.NestedSeeds is not null)
        ? this with { Stages = [.. Stages.Select(s => s.NestedSeeds is { } count ? s with { Seed = Stage.NestedSeed(seed, count) } : s)] }
        : this;

    /// <summary>
    /// The nested stages <paramref name="stage"/>'s result depends on (itself and every stage up its <c>from</c> chains), each
    /// with the seed it ran with in this run's recipe (<see cref="ForRunSeed"/>); null when there are none. Runs that agree on
    /// them share those models, so <c>repro compare</c> treats them as one cluster.
    /// </summary>
    public IReadOnlyDictionary<string, long>? NestedAncestry(Stage stage)
    {
        var found = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var todo = new Stack<Stage>([stage]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (todo.TryPop(out var current))
        {
            if (!seen.Add(current.Name)) continue;
            if (current.NestedSeeds is not null && current.Seed is { } seed) found[current.Name] = seed;
            foreach (var from in current.From)
                if (Stages.FirstOrDefault(s => s.Name == from) is { } upstream) todo.Push(upstream);
        }
        return found.Count > 0 ? found : null;
    }

    /// <summary><see cref="ModelOf"/> of a validated recipe.</summary>
    public Component BuiltModelOf(Stage stage) =>
        ModelOf(stage) ?? throw new ReproException($"stages.{stage.Name} has no model: give recipe.model, stages.{stage.Name}.model or stages.{stage.Name}.from");
}

/// <summary>A plugin named in the recipe, bound to the plugin and its parameter object when the recipe is read (<see cref="ComponentBinder"/>).</summary>
public sealed class Component(string Id, Plugins.PluginInfo Plugin, object Parameters, YamlMappingNode? ParametersNode, YamlNode At,
    RecipeDocument Document, string Context, CheckpointRef? Checkpoint)
{
    /// <summary>The plugin id as written.</summary>
    public string Id { get; } = Id;
    /// <summary>The plugin the id names.</summary>
    public Plugins.PluginInfo Plugin { get; } = Plugin;
    /// <summary>The bound parameter object (defaults filled in).</summary>
    public object Parameters { get; } = Parameters;
    /// <summary>The <c>params:</c> mapping, if any.</summary>
    public YamlMappingNode? ParametersNode { get; } = ParametersNode;
    /// <summary>Where the component is written.</summary>
    public YamlNode At { get; } = At;
    /// <summary>The recipe it is written in.</summary>
    public RecipeDocument Document { get; } = Document;
    /// <summary>Where the component sits in the recipe, as errors name it: <c>recipe.model</c>, <c>stages.target.regularizers[0]</c>.</summary>
    public string Context { get; } = Context;
    /// <summary>A model's checkpoint; null for a fresh initialisation (and for tasks and regularizers).</summary>
    public CheckpointRef? Checkpoint { get; } = Checkpoint;

    /// <summary>The plugin id and every parameter's value: equal for components that build the same thing.</summary>
    public string Identity => Settings + (Checkpoint is null ? "" : $" from checkpoint {Checkpoint.Folder}");

    /// <summary>The plugin id and every parameter's value, without the checkpoint.</summary>
    public string Settings =>
        $"{Id} {{ {string.Join(", ", Plugin.Parameters.Select(p => $"{p.Name}: {Plugins.ParameterDescriptions.Format(p.Property.GetValue(Parameters))}"))} }}";
}

/// <summary>A model checkpoint named in a recipe: as written, and the folder it resolved to.</summary>
/// <param name="Name">A folder relative to the recipe, or the name of an installed model (<c>repro models</c>).</param>
/// <param name="At">Where it is written.</param>
/// <param name="Folder">The Hugging Face folder it resolved to (full path).</param>
public sealed class CheckpointRef(string Name, YamlNode At, string Folder)
{
    /// <summary>As written in the recipe.</summary>
    public string Name { get; } = Name;
    /// <summary>Where it is written.</summary>
    public YamlNode At { get; } = At;
    /// <summary>The Hugging Face folder it resolved to (full path).</summary>
    public string Folder { get; } = Folder;
    /// <summary>The checkpoint files a run reads, those present, with their SHA-256, sorted by name; hashed once.</summary>
    public IReadOnlyList<Runs.ManifestFile> Files => _files ??= ReadFiles.Concat(Tokenizers.CheckpointTokenizer.FilesRead(Folder)).Order(StringComparer.Ordinal)
        .Where(f => File.Exists(Path.Combine(Folder, f)))
        .Select(f => new Runs.ManifestFile(f, Runs.FileHash.Of(Path.Combine(Folder, f)))).ToList();

    /// <summary>
    /// What a model reads from a Hugging Face folder; its tokenizer's files are added by model type
    /// (<see cref="Tokenizers.CheckpointTokenizer.FilesRead"/>). Other files, e.g. a .git folder or provenance notes, do not count.
    /// </summary>
    public static readonly string[] ReadFiles = ["config.json", "model.safetensors"];
    private IReadOnlyList<Runs.ManifestFile>? _files;
}

/// <summary>The tokenizer types a recipe can name.</summary>
public enum TokenizerType { Words, Gpt2, WordPiece, Bpe }

/// <summary>Tokenizer settings shared by every stage, so token ids mean the same across stages.</summary>
/// <param name="Type"><c>words</c> (whitespace-separated words), <c>gpt2</c>, <c>wordpiece</c> or <c>bpe</c>.</param>
/// <param name="VocabularyFrom">The stage whose task's training text defines the vocabulary (words) or the kept tokens (prune).</param>
/// <param name="MaxLength">Longest input in tokens, [CLS] and [SEP] included; longer inputs are truncated.</param>
/// <param name="MinCount">Words (or, with prune, library tokens) seen fewer times become [UNK].</param>
/// <param name="Lowercase">Lower-case text before tokenizing.</param>
/// <param name="Vocab">Full path of the vocabulary file (wordpiece: vocab.txt, bpe: vocab.json).</param>
/// <param name="Merges">Full path of the merges file (bpe).</param>
/// <param name="Prune">Keep only the library tokens the corpus uses, with compact ids.</param>
/// <param name="FromModel">The recipe model's checkpoint supplies the tokenizer (<c>from: model</c>): its vocab.txt and tokenizer_config.json.</param>
public sealed record TokenizerSpec(TokenizerType Type, string VocabularyFrom, int MaxLength, int MinCount, bool Lowercase,
    string? Vocab = null, string? Merges = null, bool Prune = false, bool FromModel = false);

/// <summary>How a multitask stage's batches mix its tasks, each with its own head (Muppet's heterogeneous batches).</summary>
/// <param name="Sampling"><c>proportional</c>: every example of every task once per epoch; <c>uniform</c>: each task
/// cycled to the size of the largest, so tasks are equally likely.</param>
/// <param name="LossScaling"><c>classes</c>: a classification task's loss is divided by ln(number of classes), as in
/// Muppet; <c>none</c>: unscaled.</param>
public sealed record TaskMixture(TaskSampling Sampling, LossScaling LossScaling);

/// <summary>How a multitask stage's batches draw from its tasks (<see cref="TaskMixture.Sampling"/>).</summary>
public enum TaskSampling { Proportional, Uniform }

/// <summary>How a multitask stage scales each task's loss (<see cref="TaskMixture.LossScaling"/>).</summary>
public enum LossScaling { Classes, None }

/// <summary>The optimizers; <c>None</c> for stages that train nothing (fuse, baseline).</summary>
public enum OptimizerType { None, AdamW, Sgd }

/// <summary>Learning-rate decay after warmup.</summary>
public enum ScheduleType { Linear, Constant, Cosine }

/// <summary>Optimizer settings. AdamW uses the betas and eps, SGD the momentum and nesterov.</summary>
public sealed record OptimizerSpec(OptimizerType Type, double Lr, double WeightDecay, double Beta1, double Beta2, double Eps, double Momentum, bool Nesterov);

/// <summary>Learning-rate schedule: linear warmup over <paramref name="WarmupSteps"/>, then <paramref name="Type"/> decay.</summary>
public sealed record ScheduleSpec(ScheduleType Type, int? WarmupSteps, double WarmupRatio);

/// <summary>Evaluation: every <paramref name="Every"/> steps (0: only at the end) on <paramref name="Splits"/>.</summary>
public sealed record EvalSpec(int Every, IReadOnlyList<string>? Splits, IReadOnlyList<string>? Metrics);

/// <summary>A version range from recipe.plugins, as written (npm style: ^1.0, ~1.2, &gt;=1.0 &lt;2).</summary>
public sealed record VersionRequirement(SemVersionRange Range, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>
/// A tolerance of <c>verify.tolerances</c>: metrics whose <c>stage/split/metric</c> matches
/// <paramref name="Pattern"/> (globs: <c>*</c>, <c>?</c>) pass when the mean moved by at most
/// <paramref name="Abs"/>, <paramref name="Rel"/>·|verified|, or <paramref name="Std"/>·(verified seed std).
/// The first matching rule applies; without one a metric must be bitwise equal.
/// </summary>
public sealed record ToleranceRule(string Pattern, double? Abs, double? Rel, double? Std)
{
    /// <summary>Whether the rule covers a metric key.</summary>
    public bool Matches(string key) =>
        System.Text.RegularExpressions.Regex.IsMatch(key, "^" + System.Text.RegularExpressions.Regex.Escape(Pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

    /// <inheritdoc/>
    public override string ToString() => string.Join(" or ",
        new[] { Abs is { } a ? $"±{a:G6}" : null, Rel is { } r ? $"±{r:P1}" : null, Std is { } k ? $"{k:G4}·std" : null }.OfType<string>());
}
