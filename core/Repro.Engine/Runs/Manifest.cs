namespace Repro.Engine.Runs;

/// <summary>
/// <c>manifest.json</c>: everything needed to know what ran and to run it again. Unlike
/// <c>metrics.json</c> it holds times and paths, so it differs between two identical runs.
/// <see cref="Status"/> is <c>running</c> (or killed), <c>complete</c>, or <c>failed</c> with the <see cref="Failure"/> message.
/// </summary>
public sealed record Manifest(
    int Format,
    ManifestRecipe Recipe,
    long Seed,
    IReadOnlyDictionary<string, long> SeedTree,
    IReadOnlyList<string> CommandLine,
    ManifestSoftware Software,
    IReadOnlyList<ManifestPlugin> Plugins,
    IReadOnlyDictionary<string, ManifestTask> Tasks,
    ManifestTokenizer Tokenizer,
    ManifestMachine Machine,
    string Status,
    DateTime StartedUtc,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] DateTime? FinishedUtc,
    IReadOnlyDictionary<string, ManifestStage> Stages,
    IReadOnlyList<DateTime>? Resumed = null,
    IReadOnlyList<ManifestCheckpoint>? Checkpoints = null,
    string? Failure = null,
    ManifestScheduler? Scheduler = null);

/// <summary>A model checkpoint the recipe loads.</summary>
/// <param name="Component">Where the recipe names it: <c>recipe.model</c> or <c>stages.NAME.model</c>.</param>
/// <param name="Name">As written: a folder relative to the recipe or an installed model's name.</param>
/// <param name="Folder">The folder it resolved to.</param>
/// <param name="Files">The folder's files with their SHA-256 (also in the stage keys).</param>
public sealed record ManifestCheckpoint(string Component, string Name, string Folder, IReadOnlyList<ManifestFile> Files);

/// <summary>Which recipe ran.</summary>
/// <param name="Resolved">The resolved recipe as the run started it (the run's <c>recipe.yaml</c> may be edited later; a resume compares with this).</param>
public sealed record ManifestRecipe(string Name, string Version, string Path, string ResolvedSha256, GitState? Git = null, string? Resolved = null);

/// <summary>Versions of the tool and the libraries that fix numerics.</summary>
public sealed record ManifestSoftware(string Repro, string Contracts, string TorchSharp, string LibTorch, string DotNet, IReadOnlyDictionary<string, string> Packages);

/// <summary>A plugin the recipe used.</summary>
/// <param name="Assembly">The assembly it was loaded from.</param>
/// <param name="Sha256">The assembly's SHA-256.</param>
/// <param name="Package">The NuGet package it was restored from; null for a built-in or a path plugin (and in runs made before packages).</param>
public sealed record ManifestPlugin(string Id, string Version, string Kind, string Determinism, string Assembly, string Sha256, ManifestPackage? Package = null);

/// <summary>The NuGet package a plugin came from.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The exact version restored.</param>
/// <param name="Source">The feed URL or folder it was downloaded from.</param>
/// <param name="Sha512">SHA-512 of the .nupkg file (hex).</param>
public sealed record ManifestPackage(string Id, string Version, string Source, string Sha512);

/// <summary>A stage's task and the fingerprint of its data.</summary>
/// <param name="Notes">What the task said about reading its data (<see cref="Repro.Contracts.ITaskNotes"/>).</param>
/// <param name="Leaked">Per evaluation split, examples also found in this or an upstream stage's training text.</param>
/// <param name="Chance">Per split of a classification task, what predicting without the text scores (<see cref="ChanceLevel"/>).</param>
public sealed record ManifestTask(string Plugin, string Fingerprint, IReadOnlyDictionary<string, int> Examples,
    IReadOnlyList<string>? Notes = null, IReadOnlyDictionary<string, int>? Leaked = null, IReadOnlyDictionary<string, ChanceLevel>? Chance = null);

/// <summary>
/// What a split scores without reading the text: <paramref name="MajorityRate"/>, the accuracy of always answering the
/// training split's most frequent class, and <paramref name="PriorLoss"/>, the cross-entropy of always answering the
/// training split's class frequencies (null when a class of the split never occurs in training).
/// </summary>
public sealed record ChanceLevel(double MajorityRate, double? PriorLoss = null)
{
    /// <summary>The chance levels of every split of a classification task with a non-empty <c>train</c> split; null otherwise.</summary>
    public static IReadOnlyDictionary<string, ChanceLevel>? Of(Repro.Contracts.ITask task)
    {
        if (task.Target != Repro.Contracts.TargetKind.Classification || !task.Splits.Contains("train")) return null;
        var train = task.Get("train");
        var classes = Math.Max(task.Labels.Count, train.Count == 0 ? 0 : train.Max(e => e.Label) + 1);
        if (train.Count == 0 || classes == 0) return null;
        var counts = new int[classes];
        foreach (var e in train) if (e.Label >= 0) counts[e.Label]++;
        var labelled = counts.Sum();
        if (labelled == 0) return null;
        var majority = Array.IndexOf(counts, counts.Max());
        var result = new SortedDictionary<string, ChanceLevel>(StringComparer.Ordinal);
        foreach (var split in task.Splits)
        {
            var examples = task.Get(split).Where(e => e.Label >= 0 && e.Label < classes).ToList();
            if (examples.Count == 0) continue;
            var rate = examples.Count(e => e.Label == majority) / (double)examples.Count;
            var loss = examples.Any(e => counts[e.Label] == 0) ? (double?)null
                : examples.Average(e => -Math.Log(counts[e.Label] / (double)labelled));
            result[split] = new ChanceLevel(Math.Round(rate, 6), loss is { } l ? Math.Round(l, 6) : null);
        }
        return result;
    }
}

/// <summary>The tokenizer and its vocabulary.</summary>
/// <param name="Type">The recipe's tokenizer type.</param>
/// <param name="VocabularySize">Model ids, specials included.</param>
/// <param name="VocabularySha256">Hash of what fixes the ids: for words the token list; otherwise type, library, files and the full id mapping.</param>
/// <param name="MaxLength">Longest encoding in tokens.</param>
/// <param name="Library">The tokenizer library and its version (none for words).</param>
/// <param name="Files">The files that define the tokenizer, with their SHA-256.</param>
/// <param name="Pruned">Whether only the tokens the corpus uses were kept.</param>
/// <param name="Lowercase">Whether text was lower-cased first.</param>
/// <param name="MinCount">Fewest occurrences of a kept word or (pruned) token.</param>
/// <param name="Framing">How texts are framed with special tokens (<c>roberta</c>, <c>gpt2</c>, <c>llama</c>); absent: <c>bert</c>.</param>
public sealed record ManifestTokenizer(string Type, int VocabularySize, string VocabularySha256, int MaxLength,
    string? Library = null, IReadOnlyList<ManifestFile>? Files = null, bool Pruned = false, bool? Lowercase = null, int? MinCount = null,
    string? Framing = null);

/// <summary>A file a run depended on, with its SHA-256.</summary>
public sealed record ManifestFile(string Path, string Sha256);

/// <summary>The machine and the numerics settings.</summary>
public sealed record ManifestMachine(string Os, string Cpu, string CpuCapability, int Cores, int Threads, string Device, IReadOnlyDictionary<string, string> Environment);

/// <summary>How a stage's result came about.</summary>
/// <param name="Key">The stage's content key (see StageKey).</param>
/// <param name="Source"><c>computed</c>, <c>cache</c> (reused from the stage cache) or <c>resumed</c> (finished before a resume).</param>
/// <param name="Seconds">Wall time of the stage in this run.</param>
/// <param name="ModelNotes">What the model said when it was built (a checkpoint's unused tensors, ...); null when nothing.</param>
/// <param name="NestedSeeds">The nested stages (<c>seed: { nested: K }</c>) the stage's result depends on, itself included, with the
/// seed each ran with (<see cref="Recipes.Recipe.NestedAncestry"/>); null when none. Compare clusters seeds by them.</param>
public sealed record ManifestStage(string Key, string Source, double Seconds, IReadOnlyList<string>? ModelNotes = null,
    IReadOnlyDictionary<string, long>? NestedSeeds = null);
