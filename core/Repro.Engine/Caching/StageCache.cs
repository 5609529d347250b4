using System.Text.Json;
using Repro.Engine.Runs;

namespace Repro.Engine.Caching;

/// <summary>What the cache keeps about an entry besides its files.</summary>
public sealed record CacheEntry(string Key, string Recipe, string Stage, DateTime CreatedUtc, IReadOnlyList<string> UsedBy, string Material);

/// <summary>
/// Finished stages by <see cref="StageKey"/>: <c>&lt;cache&gt;/stages/&lt;key&gt;/</c> holds the stage's
/// weights (hard links to the computing run's files where the volume allows), its <see cref="StageRecord"/>, the step rows its computing run logged for it (<c>steps.jsonl</c>; a restore
/// writes them to <see cref="RunFiles.CachedSteps"/>, so the sanity gates can check a cached stage's fit) and <c>entry.json</c>. Entries appear by renaming a complete
/// folder into place, so readers never see half an entry and two writers of one key cannot mix files.
/// Every reuse verifies the weights' hashes; a damaged entry is reported, removed and recomputed.
/// </summary>
public sealed class StageCache(string root)
{
    private const string EntryFile = "entry.json";
    private const string StepsFile = "steps.jsonl";
    private const string PredictionsFolder = "predictions";

    /// <summary>The default location: $REPRO_CACHE, else $XDG_CACHE_HOME/repro, else ~/.cache/repro.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("REPRO_CACHE") is { Length: > 0 } explicitRoot ? explicitRoot
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "repro");

    /// <summary>The cache folder.</summary>
    public string Root => root;

    private string Folder(string key) => Path.Combine(root, "stages", key);

    /// <summary>
    /// Puts a cached stage's files into <paramref name="files"/> (weights hard-linked where possible, see <see cref="SharedFile"/>) and returns its record, or returns null when the
    /// key is not cached. <paramref name="damaged"/> is set when an entry existed but failed verification.
    /// </summary>
    public StageRecord? TryRestore(string key, string stage, RunFiles files, string recipeId, out string? damaged)
    {
        damaged = null;
        var folder = Folder(key);
        if (!File.Exists(Path.Combine(folder, EntryFile))) return null;
        StageRecord record;
        try
        {
            record = Json.Read<StageRecord>(Path.Combine(folder, StageRecord.FileName));
            FileHash.Verify(Path.Combine(folder, "body.weights"), record.BodySha256, "cached weights");
            FileHash.Verify(Path.Combine(folder, "head.weights"), record.HeadSha256, "cached head weights");
        }
        catch (Exception e) when (e is ReproException or JsonException or IOException)
        {
            damaged = e.Message;
            TryDelete(folder);
            return null;
        }
        Directory.CreateDirectory(files.Stage(stage));
        AtomicFile.Write(files.Body(stage), temp => SharedFile.LinkOrCopy(Path.Combine(folder, "body.weights"), temp));
        AtomicFile.Write(files.Head(stage), temp => SharedFile.LinkOrCopy(Path.Combine(folder, "head.weights"), temp));
        // Entries stored before the cache kept logs have none: their stages are reported "not checked".
        if (File.Exists(Path.Combine(folder, StepsFile)))
            AtomicFile.Write(files.CachedSteps(stage), temp => File.Copy(Path.Combine(folder, StepsFile), temp, overwrite: true));
        if (File.Exists(Path.Combine(folder, "lora.weights")))
            AtomicFile.Write(files.Lora(stage), temp => SharedFile.LinkOrCopy(Path.Combine(folder, "lora.weights"), temp));
        // The per-example predictions of the run that computed the stage (entries stored before the cache kept them have none).
        if (Directory.Exists(Path.Combine(folder, PredictionsFolder)))
            foreach (var file in Directory.GetFiles(Path.Combine(folder, PredictionsFolder)))
                AtomicFile.Write(Path.Combine(files.Predictions(stage), Path.GetFileName(file)), temp => File.Copy(file, temp, overwrite: true));
        MarkUsed(folder, recipeId);
        return record with { Stage = stage };
    }

    /// <summary>Adds a finished stage under its key (a no-op when another process stored it first).</summary>
    public void Store(string key, string material, string stage, RunFiles files, StageRecord record, string recipeId)
    {
        var final = Folder(key);
        if (Directory.Exists(final)) return;
        var temp = Path.Combine(root, "tmp", $"{key}.{Environment.ProcessId}.{Guid.NewGuid():n}");
        Directory.CreateDirectory(temp);
        try
        {
            SharedFile.LinkOrCopy(files.Body(stage), Path.Combine(temp, "body.weights"));
            SharedFile.LinkOrCopy(files.Head(stage), Path.Combine(temp, "head.weights"));
            File.WriteAllLines(Path.Combine(temp, StepsFile), StepRows.Of(files, stage));
            if (File.Exists(files.Lora(stage))) SharedFile.LinkOrCopy(files.Lora(stage), Path.Combine(temp, "lora.weights"));
            if (Directory.Exists(files.Predictions(stage)))
            {
                Directory.CreateDirectory(Path.Combine(temp, PredictionsFolder));
                foreach (var file in Directory.GetFiles(files.Predictions(stage), "*.jsonl.gz"))
                    File.Copy(file, Path.Combine(temp, PredictionsFolder, Path.GetFileName(file)));
            }
            Json.Write(Path.Combine(temp, StageRecord.FileName), record);
            Json.Write(Path.Combine(temp, EntryFile), new CacheEntry(key, recipeId, stage, DateTime.UtcNow, [recipeId], material));
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            Directory.Move(temp, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            // another process stored the same key first; its entry is equivalent
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Every entry with its size and last use.</summary>
    public IReadOnlyList<(CacheEntry Entry, long Bytes, DateTime LastUsedUtc)> List()
    {
        var stages = Path.Combine(root, "stages");
        if (!Directory.Exists(stages)) return [];
        var result = new List<(CacheEntry, long, DateTime)>();
        foreach (var folder in Directory.GetDirectories(stages))
        {
            var entryPath = Path.Combine(folder, EntryFile);
            if (!File.Exists(entryPath)) continue;
            var entry = Json.Read<CacheEntry>(entryPath);
            var bytes = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            result.Add((entry, bytes, File.GetLastWriteTimeUtc(entryPath)));
        }
        return result.OrderBy(r => r.Item3).ToList();
    }

    /// <summary>Removes entries last used before <paramref name="cutoffUtc"/>; returns how many and their bytes.</summary>
    public (int Entries, long Bytes) Collect(DateTime cutoffUtc)
    {
        var (count, bytes) = (0, 0L);
        foreach (var (entry, size, lastUsed) in List().Where(e => e.LastUsedUtc < cutoffUtc))
        {
            TryDelete(Folder(entry.Key));
            count++;
            bytes += size;
        }
        var temp = Path.Combine(root, "tmp");
        if (Directory.Exists(temp))
            foreach (var abandoned in Directory.GetDirectories(temp).Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddHours(-1)))
                TryDelete(abandoned);
        return (count, bytes);
    }

    private static void MarkUsed(string folder, string recipeId)
    {
        var path = Path.Combine(folder, EntryFile);
        var entry = Json.Read<CacheEntry>(path);
        var users = entry.UsedBy.Contains(recipeId) ? entry.UsedBy : [.. entry.UsedBy, recipeId];
        Json.Write(path, entry with { UsedBy = users });
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
