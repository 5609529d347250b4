using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Planning;

/// <summary>
/// A run of one seed, checked and ready to execute: the tasks loaded and checked against their stages, the tokenizer
/// built, the models that load checkpoints or freeze parameters built once, the memory estimate passed. It exists
/// before anything is written.
/// </summary>
/// <param name="ResolvedRecipe">The recipe as it will run (<c>recipe.yaml</c> of the run directory).</param>
/// <param name="Leaks">Evaluation examples already seen in training, by task key.</param>
/// <param name="Keys">Each stage's cache key and the text it hashes (<see cref="Caching.StageKey"/>), by stage name.</param>
public sealed record RunPlan(
    Recipe Recipe,
    long Seed,
    TorchSharp.torch.Device Device,
    SeedTree Seeds,
    string ResolvedRecipe,
    TextTokenizer Tokenizer,
    IReadOnlyList<StagePlan> Stages,
    IReadOnlyDictionary<string, IReadOnlyList<TextOverlap.Leak>> Leaks,
    IReadOnlyDictionary<string, (string Key, string Material)> Keys)
{
    /// <summary>Every stage's tasks, in stage order.</summary>
    public IEnumerable<PlannedTask> Tasks => Stages.SelectMany(s => s.Tasks);
}

/// <summary>
/// One stage of a <see cref="RunPlan"/>: its spec, the model its body is built from (null for a baseline in a recipe with no
/// model), its tasks (one per head; none for fuse) and the optimizer steps it takes (<see cref="StageSteps"/>; 0 when it does not train).
/// </summary>
public sealed record StagePlan(Stage Spec, Component? Model, IReadOnlyList<PlannedTask> Tasks, int TotalSteps)
{
    /// <summary>The fingerprint of the stage's data, in its stage key: its tasks' fingerprints in order.</summary>
    public string Fingerprint => string.Join("+", Tasks.Select(t => t.Fingerprint));
}

/// <summary>A stage's task: the stage's only task, or one of a multitask stage's named tasks.</summary>
/// <param name="Key">Where it is filed in the manifest and the cache: the stage's name, or <c>stage.task</c> for one of several.</param>
/// <param name="Name">The stage's name, or the task's name for one of several.</param>
/// <param name="OfSeveral">One of a multitask stage's tasks, whose metrics, head and random streams carry its name.</param>
/// <param name="Fingerprint">The hash of the task's examples (<see cref="TaskFingerprint"/>): a silent change in data is visible in the manifest and the stage key.</param>
public sealed record PlannedTask(string Key, string Name, Component Component, ITask Task, bool OfSeveral, string Fingerprint)
{
    /// <summary>The split name its metrics are filed under: the split, or <c>task.split</c> for one of several.</summary>
    public string MetricSplit(string split) => OfSeveral ? $"{Name}.{split}" : split;

    /// <summary>How errors name it: <c>task 'plugin'</c>, or <c>task 'name' (plugin)</c> for one of several.</summary>
    public string Label => OfSeveral ? $"task '{Name}' ({Component.Id})" : $"task '{Component.Id}'";
}
