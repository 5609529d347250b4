using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>Everything a stage needs from the run around it.</summary>
internal sealed record RunContext(
    Recipe Recipe,
    SeedTree Seeds,
    Device Device,
    WordTokenizer Tokenizer,
    RunFiles Files,
    StepLog Log,
    IRunObserver Observer,
    CancellationToken Cancel,
    int? MaxSteps = null,
    StepTrace? Trace = null);

/// <summary>A loaded task with its fingerprint and its splits encoded once.</summary>
internal sealed class LoadedTask(ITask task, string fingerprint, WordTokenizer tokenizer)
{
    private readonly Dictionary<string, IReadOnlyList<EncodedExample>> _encoded = [];

    public ITask Task => task;
    public string Fingerprint => fingerprint;

    public IReadOnlyList<EncodedExample> Encoded(string split)
    {
        if (!_encoded.TryGetValue(split, out var examples))
            _encoded[split] = examples = task.Get(split).Select(tokenizer.Encode).ToList();
        return examples;
    }
}

/// <summary>What a finished stage leaves for later stages and for metrics.json.</summary>
internal sealed record StageOutput(
    StageSpec Stage,
    Component Model,
    HeadSpec Head,
    SortedDictionary<string, SortedDictionary<string, double>> Metrics);
