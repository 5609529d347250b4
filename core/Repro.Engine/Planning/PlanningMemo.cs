using Repro.Contracts;
using Repro.Engine.Recipes;

namespace Repro.Engine.Planning;

/// <summary>
/// What planning loads and builds, kept across the plans of one launch. A group plans every seed, and a sweep every
/// configuration of every seed, before it writes anything; most of those plans load the same task with the same data seed
/// and build the same checkpoint (a 180-plan sweep on GCIDE spent 5 s of each plan reading the dictionary and 2 s
/// building MiniLM twice). A task is the same when its plugin assembly, parameters, data seed and recipe folder are; a
/// model when its plugin assembly, parameters, checkpoint and tokenizer are. What fails to load is not kept, so every plan
/// reports it. Disposing the memo disposes the models it built.
/// </summary>
public sealed class PlanningMemo : IDisposable
{
    private readonly Dictionary<string, (ITask Task, string Fingerprint)> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Encoder> _models = new(StringComparer.Ordinal);

    /// <summary>The task of <paramref name="component"/> for <paramref name="dataSeed"/>, loaded by <paramref name="load"/> once; null when it fails.</summary>
    internal (ITask Task, string Fingerprint)? Task(Component component, long dataSeed, string recipeFolder, Func<ITask?> load)
    {
        var key = $"{component.Plugin.AssemblySha256}\n{component.Identity}\nseed={dataSeed}\n{recipeFolder}";
        if (_tasks.TryGetValue(key, out var known)) return known;
        if (load() is not { } task) return null;
        return _tasks[key] = (task, TaskFingerprint.Compute(task));
    }

    /// <summary>The body of <paramref name="model"/> for <paramref name="tokenizer"/>, built by <paramref name="build"/> once; null when it fails.</summary>
    internal Encoder? Model(Component model, Tokenizers.TextTokenizer tokenizer, Func<Encoder?> build)
    {
        var key = $"{model.Plugin.AssemblySha256}\n{model.Identity}\n{tokenizer.Hash}\n{tokenizer.MaxLength}";
        if (_models.TryGetValue(key, out var known)) return known;
        if (build() is not { } body) return null;
        return _models[key] = body;
    }

    public void Dispose()
    {
        foreach (var body in _models.Values) body.Dispose();
        _models.Clear();
    }
}
