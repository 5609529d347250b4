using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Engine.Snapshots;

namespace Repro.Testing;

/// <summary>
/// <c>RecipeSnapshot.Verify("recipes/quickstart.yaml", pluginFolder);</c> runs every seed of a recipe
/// in-process (finished stages come from the stage cache) and throws <see cref="SnapshotMismatchException"/>
/// with the same table as <c>repro verify</c> when the metrics do not match <c>&lt;recipe&gt;.verified.json</c>
/// under the recipe's tolerances. The received snapshot is written beside the recipe for <c>repro accept</c>.
/// Built-in plugins are found in <c>plugins/</c> beside the test assembly (the Repro.Testing package puts them there).
/// </summary>
public static class RecipeSnapshot
{
    /// <summary>Verifies a recipe. <paramref name="pluginPaths"/>: plugin folders or assemblies, e.g. the tool's <c>plugins/</c> folder.</summary>
    public static void Verify(string recipePath, params string[] pluginPaths)
    {
        var (recipe, runs) = RunAll(recipePath, pluginPaths, StageCache.DefaultRoot);
        var verification = SnapshotVerifier.Verify(recipePath, recipe, runs);
        if (!verification.Passed) throw new SnapshotMismatchException(verification.Report());
    }

    /// <summary>
    /// Runs every seed of a recipe in-process without the stage cache and returns its metrics: the mean over seeds
    /// of each <c>stage/split/metric</c>. Nothing is written beside the recipe.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Run(string recipePath, params string[] pluginPaths)
    {
        var (_, runs) = RunAll(recipePath, pluginPaths, cacheRoot: null);
        return Snapshot.Of(runs).Metrics.ToDictionary(m => m.Key, m => m.Value.Mean, StringComparer.Ordinal);
    }

    private static (Recipe Recipe, IReadOnlyList<(Engine.Runs.MetricsFile, Engine.Runs.Manifest)> Runs) RunAll(string recipePath, string[] pluginPaths, string? cacheRoot)
    {
        var (recipe, _) = RecipeLoader.Load(recipePath, [], pluginPaths);
        var runsRoot = Path.Combine(Path.GetTempPath(), "repro-testing", Guid.NewGuid().ToString("n"));
        try
        {
            var results = new RecipeRunner(recipe, new SilentObserver()).Run(new RunOptions(runsRoot, CacheRoot: cacheRoot));
            return (recipe, results.Select(r => SnapshotVerifier.ReadRun(r.Directory)).ToList());
        }
        finally
        {
            if (Directory.Exists(runsRoot)) Directory.Delete(runsRoot, recursive: true);
        }
    }
}

/// <summary>A recipe's metrics did not match its verified snapshot; the message is the verification table.</summary>
public sealed class SnapshotMismatchException(string report) : Exception(report);
