using System.Runtime.InteropServices;

namespace Repro.Engine.Caching;

/// <summary>
/// Gives a path the content of a cached file by a hard link where the file system allows one (same volume, Linux, macOS
/// or Windows), else by a copy. A sweep restores the same cached stages into hundreds of run folders; linked, they cost
/// no disk. Sharing is safe because neither side is ever written in place: cache entries are immutable and every write
/// into a run folder renames a new file over the old name (<see cref="Runs.AtomicFile"/>), which leaves the other link
/// untouched. Each reuse of a cache entry verifies its hashes all the same.
/// </summary>
public static class SharedFile
{
    /// <summary>Makes <paramref name="destination"/> (replaced if it exists) hold <paramref name="source"/>'s content.</summary>
    public static void LinkOrCopy(string source, string destination)
    {
        // Delete first: copying over an existing link would truncate the file it shares with the cache.
        File.Delete(destination);
        if (!TryLink(source, destination)) File.Copy(source, destination);
    }

    private static bool TryLink(string source, string destination)
    {
        try
        {
            if (OperatingSystem.IsWindows()) return CreateHardLink(destination, source, IntPtr.Zero);
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) return Link(source, destination) == 0;
            return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // Fails (returns -1) across volumes and on file systems without hard links; the caller then copies.
    [DllImport("libc", EntryPoint = "link")]
    private static extern int Link(string existing, string created);

    [DllImport("kernel32", EntryPoint = "CreateHardLinkW", CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CreateHardLink(string created, string existing, IntPtr securityAttributes);
}
