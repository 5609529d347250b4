namespace Repro.Engine.Runs;

/// <summary>
/// The layout of a run directory, <c>runs/&lt;name&gt;@&lt;version&gt;/&lt;run-id&gt;/</c>. A run directory holding
/// <see cref="IncompleteMarker"/> is unfinished (running, killed or failed) and is never read as a result.
/// </summary>
public sealed class RunFiles(string directory)
{
    /// <summary>Present while the run is unfinished.</summary>
    public const string IncompleteMarker = "INCOMPLETE";

    /// <summary>The run directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The resolved recipe: every default explicit.</summary>
    public string Recipe => Path.Combine(Directory, "recipe.yaml");
    /// <summary>Provenance: versions, hashes, seeds, machine.</summary>
    public string Manifest => Path.Combine(Directory, "manifest.json");
    /// <summary>Final metrics per stage and split; bitwise reproducible.</summary>
    public string Metrics => Path.Combine(Directory, "metrics.json");
    /// <summary>JSON Lines: one row per logged step and per evaluation.</summary>
    public string Steps => Path.Combine(Directory, "steps.jsonl");
    /// <summary>TensorBoard event files (wall times: never compared or hashed).</summary>
    public string TensorBoard => Path.Combine(Directory, "tensorboard");
    /// <summary>Human-readable summary.</summary>
    public string Report => Path.Combine(Directory, "report.md");
    /// <summary>The token of each model id, one per line (the order of every stage's embedding rows); export reads it.</summary>
    public string Vocabulary => Path.Combine(Directory, "vocab.txt");
    /// <summary>Why a failed run stopped, with the stack trace (<see cref="RunFailure"/>).</summary>
    public string ErrorLog => Path.Combine(Directory, "error.log");
    /// <summary>Marker of an unfinished run.</summary>
    public string Incomplete => Path.Combine(Directory, IncompleteMarker);

    /// <summary>Whether the run finished: its metrics are written and it is not marked <see cref="IncompleteMarker"/>.</summary>
    public bool IsFinished => File.Exists(Metrics) && !File.Exists(Incomplete);

    /// <summary>The run's state, read from its files alone: the one definition of each.</summary>
    public RunState State
    {
        get
        {
            if (!System.IO.Directory.Exists(Directory)) return RunState.Missing;
            if (IsFinished) return RunState.Finished;
            if (!File.Exists(Incomplete)) return RunState.Damaged;
            if (IsLocked()) return RunState.Running;
            return ReadManifest()?.Status == "failed" ? RunState.Failed : RunState.Stopped;
        }
    }

    // A live run holds its directory's .lock; taking it for a moment tells whether one does.
    private bool IsLocked()
    {
        var path = Path.Combine(Directory, ".lock");
        if (!File.Exists(path)) return false;
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The run's manifest, or null when it has none (never started) or one that cannot be read.</summary>
    public Manifest? ReadManifest()
    {
        if (!File.Exists(Manifest)) return null;
        try { return System.Text.Json.JsonSerializer.Deserialize<Manifest>(File.ReadAllText(Manifest), Json.Options); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>Folder of a stage's outputs.</summary>
    public string Stage(string stage) => Path.Combine(Directory, "stages", stage);
    /// <summary>A stage's final encoder weights.</summary>
    public string Body(string stage) => Path.Combine(Stage(stage), "body.weights");
    /// <summary>A stage's final head weights.</summary>
    public string Head(string stage) => Path.Combine(Stage(stage), "head.weights");
    /// <summary>
    /// The training log of a stage served from the stage cache: the step rows of the run that computed it, as the cache
    /// kept them (this run's own <see cref="Steps"/> has no rows for such a stage).
    /// </summary>
    public string CachedSteps(string stage) => Path.Combine(Stage(stage), "cached-steps.jsonl");

    /// <summary>Folder of a stage's per-example predictions on its evaluated splits (<see cref="PredictionFile"/>).</summary>
    public string Predictions(string stage) => Path.Combine(Stage(stage), "predictions");
    /// <summary>A stage's per-example predictions on <paramref name="split"/> (a metric split: <c>test</c>, or <c>task.test</c> in a multitask stage).</summary>
    public string Predictions(string stage, string split) => Path.Combine(Predictions(stage), $"{split}.jsonl.gz");

    /// <summary>A <c>lora:</c> stage's adapter factors, unmerged (its <see cref="Body"/> holds them merged).</summary>
    public string Lora(string stage) => Path.Combine(Stage(stage), "lora.weights");

    /// <summary>
    /// Takes the run directory for this process (an OS file lock, released even if the process is
    /// killed), so two processes never write into one run, e.g. a run and its own --resume.
    /// </summary>
    public IDisposable Lock()
    {
        try
        {
            return new FileStream(Path.Combine(Directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ReproException($"{Directory} is in use by another repro process; wait for it to finish (or stop it) and try again");
        }
    }

    /// <summary>Creates a new, uniquely named run directory marked incomplete.</summary>
    public static RunFiles Create(string runsRoot, string recipeId, long seed)
    {
        var parent = Path.Combine(runsRoot, recipeId);
        System.IO.Directory.CreateDirectory(parent);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        for (var n = 0; ; n++)
        {
            var name = n == 0 ? $"{stamp}-seed{seed}" : $"{stamp}-seed{seed}-{n}";
            var path = Path.Combine(parent, name);
            if (System.IO.Directory.Exists(path)) continue;
            try
            {
                System.IO.Directory.CreateDirectory(path);
                using (new FileStream(Path.Combine(path, IncompleteMarker), FileMode.CreateNew)) { }
                return new RunFiles(path);
            }
            catch (IOException) when (File.Exists(Path.Combine(path, IncompleteMarker)))
            {
                // another process took this name between our check and create
            }
        }
    }
}
