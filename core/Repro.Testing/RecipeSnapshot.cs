using Repro.Engine;
using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Engine.Snapshots;

namespace Repro.Testing;

/// <summary>
/// <c>RecipeSnapshot.Verify("recipes/quickstart.yaml", pluginFolder);</c> runs every seed of a recipe
/// in-process (finished stages come from the stage cache) and throws <see cref="SnapshotMismatchException"/>
/// with the same table as <c>repro verify</c> when the metrics do not match <c>&lt;recipe&gt;.verified.json</c>
/// under the recipe's tolerances. The received snapshot is written beside the recipe for <c>repro accept</c>.
/// </summary>
public static class RecipeSnapshot
{
    /// <summary>Verifies a recipe. <paramref name="pluginPaths"/>: plugin folders or assemblies, e.g. the tool's <c>plugins/</c> folder.</summary>
    public static void Verify(string recipePath, params string[] pluginPaths)
    {
        var (recipe, _) = RecipeLoader.Load(recipePath, [], pluginPaths);
        var runs = Path.Combine(Path.GetTempPath(), "repro-testing", Guid.NewGuid().ToString("n"));
        try
        {
            var results = recipe.Seeds.Select(seed =>
                new RecipeRunner(recipe, new SilentObserver()).Run(new RunOptions(runs, seed, CacheRoot: StageCache.DefaultRoot)).Single()).ToList();
            var verification = SnapshotVerifier.Verify(recipePath, recipe, results.Select(r => SnapshotVerifier.ReadRun(r.Directory)).ToList());
            if (!verification.Passed) throw new SnapshotMismatchException(verification.Report());
        }
        finally
        {
            if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        }
    }
}

/// <summary>A recipe's metrics did not match its verified snapshot; the message is the verification table.</summary>
public sealed class SnapshotMismatchException(string report) : Exception(report);
