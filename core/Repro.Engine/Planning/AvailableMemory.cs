using System.Globalization;

namespace Repro.Engine.Planning;

/// <summary>
/// The memory a run may allocate: the smaller of the machine's available memory (<c>MemAvailable</c>) and what the
/// process's cgroup still allows (<c>memory.max − memory.current</c>), or .NET's view of the total where Linux files are absent.
/// </summary>
internal static class AvailableMemory
{
    /// <summary>Bytes available now; null when nothing can be read.</summary>
    public static long? Bytes()
    {
        var limits = new[] { MemAvailable(), CgroupRoom() }.Where(v => v is > 0).Select(v => v!.Value).ToList();
        if (limits.Count > 0) return limits.Min();
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return total > 0 ? total : null;
    }

    private static long? MemAvailable()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [_, var kb, "kB"] && long.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : null;
    }

    private static long? CgroupRoom()
    {
        var max = ReadLines("/sys/fs/cgroup/memory.max").FirstOrDefault();
        var current = ReadLines("/sys/fs/cgroup/memory.current").FirstOrDefault();
        return long.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
               && long.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var used)
            ? limit - used
            : null;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try { return File.Exists(path) ? File.ReadAllLines(path) : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
