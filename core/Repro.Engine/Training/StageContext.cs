using Repro.Contracts;
using Repro.Engine.Caching;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>Everything a stage needs from the run around it.</summary>
internal sealed record RunContext(
    Recipe Recipe,
    SeedTree Seeds,
    Device Device,
    TextTokenizer Tokenizer,
    RunFiles Files,
    StepLog Log,
    IRunObserver Observer,
    CancellationToken Cancel,
    int? MaxSteps = null,
    StepTrace? Trace = null,
    Planning.PlanningMemo? PlannedModels = null,
    StepProfile? Profile = null)
{
    /// <summary>What each stage's model said when it was built (<see cref="Encoder.Notes"/>), by stage.</summary>
    public Dictionary<string, IReadOnlyList<string>> ModelNotes { get; } = [];
}

/// <summary>
/// A loaded task with its fingerprint and its splits encoded once; with a <see cref="TokenCache"/> the
/// encodings are read from (or stored to) disk, so a later run skips tokenization.
/// </summary>
internal sealed class LoadedTask(ITask task, string fingerprint, TextTokenizer tokenizer, TokenCache? cache = null, Action<string>? info = null)
{
    private readonly Dictionary<string, IReadOnlyList<EncodedExample>> _encoded = [];
    private readonly Dictionary<string, TokenCacheOutcome> _outcomes = [];

    public ITask Task => task;

    /// <summary>How each split's encoding was obtained from the cache (empty without a cache).</summary>
    public IReadOnlyDictionary<string, TokenCacheOutcome> CacheOutcomes => _outcomes;

    public IReadOnlyList<EncodedExample> Encoded(string split)
    {
        if (_encoded.TryGetValue(split, out var examples)) return examples;
        var source = task.Get(split);
        // Token-level splits are aligned word by word and not cached (the token file holds sentence-level targets only).
        if (task.Target == TargetKind.TokenClassification) examples = source.Select(e => WordAlignment.Encode(tokenizer, e)).ToList();
        else if (cache is null) examples = source.Select(tokenizer.Encode).ToList();
        else
        {
            var key = TokenCache.Key(tokenizer.Hash, fingerprint, split, tokenizer.MaxLength);
            examples = cache.Load(key, source.Count, () => source.Select(tokenizer.Encode).ToList(), out var outcome, info);
            _outcomes[split] = outcome;
        }
        return _encoded[split] = examples;
    }
}
