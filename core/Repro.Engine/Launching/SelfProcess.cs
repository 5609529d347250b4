using System.Diagnostics;

namespace Repro.Engine.Launching;

/// <summary>How this tool starts itself again (a child run, a Slurm job, a determinism check's fresh process): the one place that knows.</summary>
public static class SelfProcess
{
    /// <summary>The command line that runs this tool with <paramref name="args"/>: the apphost itself, or <c>dotnet repro.dll</c>.</summary>
    public static IReadOnlyList<string> CommandLine(IEnumerable<string> args)
    {
        var process = Environment.ProcessPath ?? throw new ReproException("cannot find this tool's own executable to start child runs");
        var isHost = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return isHost && entry is { Length: > 0 } ? [process, entry, .. args] : [process, .. args];
    }

    /// <summary>A start of this tool with <paramref name="args"/>, its output redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var line = CommandLine(args);
        var info = new ProcessStartInfo(line[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in line.Skip(1)) info.ArgumentList.Add(a);
        return info;
    }
}
