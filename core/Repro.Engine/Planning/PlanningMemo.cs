using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Planning;

/// <summary>
/// What planning loads and builds, kept across the plans of one launch and handed to the run that follows a plan. A group
/// plans every seed, and a sweep every configuration of every seed, before it writes anything; most of those plans load
/// the same task with the same data seed and build the same checkpoint (a 180-plan sweep on GCIDE spent 5 s of each plan
/// reading the dictionary and 2 s building MiniLM twice). A task is the same when its plugin assembly, parameters, data
/// seed and recipe folder are; a model when its plugin assembly, parameters, checkpoint and tokenizer are. What fails to
/// load is not kept, so every plan reports it.
/// A model is built from the initialisation seed of the first stage that builds it, so that stage can take the very body
/// (<see cref="Take"/>) instead of building it again: the same seed, the same weights, one build less at start-up.
/// Disposing the memo disposes the models no stage took.
/// </summary>
public sealed class PlanningMemo : IDisposable
{
    private readonly Dictionary<string, (ITask Task, string Fingerprint)> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BuiltModel> _models = new(StringComparer.Ordinal);

    /// <summary>A body, the seed it was built from, and libtorch's generator right after the build.</summary>
    internal sealed record BuiltModel(Encoder Body, long? InitSeed, TorchSharp.torch.Tensor GeneratorAfter);

    /// <summary>The task of <paramref name="component"/> for <paramref name="dataSeed"/>, loaded by <paramref name="load"/> once; null when it fails.</summary>
    internal (ITask Task, string Fingerprint)? Task(Component component, long dataSeed, string recipeFolder, Func<ITask?> load)
    {
        var key = $"{component.Plugin.AssemblySha256}\n{component.Identity}\nseed={dataSeed}\n{recipeFolder}";
        if (_tasks.TryGetValue(key, out var known)) return known;
        if (load() is not { } task) return null;
        return _tasks[key] = (task, TaskFingerprint.Compute(task));
    }

    /// <summary>
    /// The body of <paramref name="model"/> for <paramref name="tokenizer"/>, built by <paramref name="build"/> once; null when
    /// it fails. <paramref name="initSeed"/> is the seed libtorch's generator was given before <paramref name="build"/> (null: none).
    /// </summary>
    internal Encoder? Model(Component model, TextTokenizer tokenizer, long? initSeed, Func<Encoder?> build)
    {
        var key = Key(model, tokenizer);
        if (_models.TryGetValue(key, out var known)) return known.Body;
        if (build() is not { } body) return null;
        _models[key] = new BuiltModel(body, initSeed, TorchSharp.torch.get_rng_state());
        return body;
    }

    /// <summary>
    /// The body built for <paramref name="model"/> from <paramref name="initSeed"/>, now the caller's, with libtorch's generator
    /// set to where that build left it: as if the caller had built it. Null when the memo holds none built from that seed.
    /// </summary>
    internal Encoder? Take(Component model, TextTokenizer tokenizer, long initSeed)
    {
        var key = Key(model, tokenizer);
        if (!_models.TryGetValue(key, out var built) || built.InitSeed != initSeed) return null;
        _models.Remove(key);
        TorchSharp.torch.set_rng_state(built.GeneratorAfter);
        built.GeneratorAfter.Dispose();
        return built.Body;
    }

    private static string Key(Component model, TextTokenizer tokenizer) =>
        $"{model.Plugin.AssemblySha256}\n{model.Identity}\n{tokenizer.Hash}\n{tokenizer.MaxLength}";

    public void Dispose()
    {
        foreach (var built in _models.Values)
        {
            built.Body.Dispose();
            built.GeneratorAfter.Dispose();
        }
        _models.Clear();
    }
}
