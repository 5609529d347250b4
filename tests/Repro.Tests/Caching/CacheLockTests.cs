using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Repro.Engine.Caching;
using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>One process computes a stage key; others wait for it; abandoned locks are broken.</summary>
[Trait("Category", "Unit")]
public sealed class CacheLockTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task ASecondTakerWaitsUntilTheHolderReleases()
    {
        using var temp = new TempDirectory();
        var messages = new ConcurrentQueue<string>();
        var first = CacheLock.Acquire(temp.Path, Key, messages.Enqueue, CancellationToken.None);
        var order = new ConcurrentQueue<string>();
        var second = Task.Run(() =>
        {
            using var held = CacheLock.Acquire(temp.Path, Key, messages.Enqueue, CancellationToken.None, TimeSpan.FromMilliseconds(10));
            order.Enqueue("second took it");
        });
        SpinWait.SpinUntil(() => messages.Any(m => m.Contains("waiting")));
        order.Enqueue("first releases");
        first.Dispose();
        await second;

        Assert.Equal(["first releases", "second took it"], order);
        Assert.Contains(messages, m => m.Contains("being computed by another process"));
        Assert.False(Directory.Exists(CacheLock.FolderOf(temp.Path, Key)));
    }

    [Fact]
    public void OnlyOneOfManyRacersHoldsTheLockAtATime()
    {
        using var temp = new TempDirectory();
        var inside = 0;
        var most = 0;
        Parallel.For(0, 8, _ =>
        {
            using var held = CacheLock.Acquire(temp.Path, Key, _ => { }, CancellationToken.None, TimeSpan.FromMilliseconds(1));
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref inside);
        });
        Assert.Equal(1, most);
    }

    [Fact]
    public void ALockWhoseProcessEndedIsBrokenWithAMessage()
    {
        using var temp = new TempDirectory();
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        WriteLock(temp.Path, new CacheLockOwner(Environment.MachineName, ended.Id, DateTime.UtcNow.AddSeconds(-1), DateTime.UtcNow));
        var messages = new List<string>();

        using (CacheLock.Acquire(temp.Path, Key, messages.Add, CancellationToken.None))
            Assert.Equal(Environment.ProcessId, CacheLock.ReadOwner(CacheLock.FolderOf(temp.Path, Key))!.Pid);

        Assert.Contains(messages, m => m.Contains("stale") && m.Contains($"pid {ended.Id}"));
    }

    [Fact]
    public void AnOldLockOfAnotherHostIsBrokenButARecentOneIsKept()
    {
        var self = CacheLock.Self();
        Assert.True(CacheLock.IsStale(self with { Host = "elsewhere", AcquiredUtc = DateTime.UtcNow - CacheLock.StaleAfter - TimeSpan.FromMinutes(1) }, out _));
        Assert.False(CacheLock.IsStale(self with { Host = "elsewhere" }, out _));
        Assert.False(CacheLock.IsStale(self, out _));
    }

    [Fact]
    public async Task AWaiterStopsWhenCancelled()
    {
        using var temp = new TempDirectory();
        using var held = CacheLock.Acquire(temp.Path, Key, _ => { }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiter = Task.Run(() => CacheLock.Acquire(temp.Path, Key, _ => cancel.Cancel(), cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
    }

    private static void WriteLock(string root, CacheLockOwner owner)
    {
        var folder = CacheLock.FolderOf(root, Key);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.json"), JsonSerializer.Serialize(owner, Json.Options));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
