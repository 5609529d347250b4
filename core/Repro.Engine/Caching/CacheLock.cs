using System.Diagnostics;
using System.Text.Json;
using Repro.Engine.Runs;

namespace Repro.Engine.Caching;

/// <summary>Who holds a <see cref="CacheLock"/>: written into the lock folder as <c>owner.json</c>.</summary>
public sealed record CacheLockOwner(string Host, int Pid, DateTime ProcessStartUtc, DateTime AcquiredUtc);

/// <summary>
/// A lock on one stage key across processes and machines: <c>&lt;cache&gt;/locks/&lt;key&gt;/</c>. It is taken by
/// renaming a prepared folder (holding <c>owner.json</c>) into place; a rename onto an existing folder fails, on
/// local file systems and on NFS alike, so exactly one process wins. A lock whose owner is gone (same host, the
/// process no longer runs) or that is older than <see cref="StaleAfter"/> is broken with a message.
/// </summary>
public sealed class CacheLock : IDisposable
{
    private const string OwnerFile = "owner.json";

    /// <summary>Age after which any lock counts as abandoned, whichever host holds it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(48);

    private readonly string folder;

    private CacheLock(string folder) => this.folder = folder;

    /// <summary>The lock folder for <paramref name="key"/>.</summary>
    public static string FolderOf(string cacheRoot, string key) => Path.Combine(cacheRoot, "locks", key);

    /// <summary>Takes the lock, waiting while another live process holds it; reports waits and broken locks to <paramref name="info"/>.</summary>
    public static CacheLock Acquire(string cacheRoot, string key, Action<string> info, CancellationToken cancel, TimeSpan? poll = null)
    {
        var target = FolderOf(cacheRoot, key);
        var waiting = false;
        while (true)
        {
            if (TryTake(cacheRoot, target)) return new CacheLock(target);
            if (ReadOwner(target) is { } owner && IsStale(owner, out var why))
            {
                info($"cache lock {key[..Math.Min(12, key.Length)]} held by {owner.Host} pid {owner.Pid} is stale ({why}); breaking it");
                Break(cacheRoot, target);
                continue;
            }
            if (!waiting)
            {
                info($"stage key {key[..Math.Min(12, key.Length)]} is being computed by another process; waiting for its cache entry");
                waiting = true;
            }
            cancel.WaitHandle.WaitOne(poll ?? TimeSpan.FromMilliseconds(250));
            cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The owner of a held lock, or null when the lock is free or its owner file is unreadable.</summary>
    public static CacheLockOwner? ReadOwner(string lockFolder)
    {
        try { return JsonSerializer.Deserialize<CacheLockOwner>(File.ReadAllText(Path.Combine(lockFolder, OwnerFile)), Json.Options); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>This process as a lock owner.</summary>
    public static CacheLockOwner Self() =>
        new(Environment.MachineName, Environment.ProcessId, Process.GetCurrentProcess().StartTime.ToUniversalTime(), DateTime.UtcNow);

    /// <summary>Whether <paramref name="owner"/>'s lock is abandoned, and why.</summary>
    public static bool IsStale(CacheLockOwner owner, out string why)
    {
        if (DateTime.UtcNow - owner.AcquiredUtc > StaleAfter)
        {
            why = $"taken at {owner.AcquiredUtc:u}, longer ago than {StaleAfter.TotalHours:0} hours";
            return true;
        }
        why = "";
        if (owner.Host != Environment.MachineName) return false;
        try
        {
            using var process = Process.GetProcessById(owner.Pid);
            if (Math.Abs((process.StartTime.ToUniversalTime() - owner.ProcessStartUtc).TotalSeconds) < 2) return false;
            why = "its process id now belongs to another process";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            why = "its process has ended";
        }
        return true;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    private static bool TryTake(string cacheRoot, string target)
    {
        var temp = Path.Combine(cacheRoot, "locks", $".new-{Environment.ProcessId}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(temp);
        try
        {
            Json.Write(Path.Combine(temp, OwnerFile), Self());
            if (Directory.Exists(target)) return false;
            Directory.Move(temp, target);
            return true;
        }
        catch (IOException) when (Directory.Exists(target))
        {
            return false;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    // Renaming the stale folder away first means only one of several breakers removes it.
    private static void Break(string cacheRoot, string target)
    {
        var aside = Path.Combine(cacheRoot, "locks", $".broken-{Environment.ProcessId}-{Guid.NewGuid():n}");
        try
        {
            Directory.Move(target, aside);
            Directory.Delete(aside, recursive: true);
        }
        catch (IOException) { }
    }
}
