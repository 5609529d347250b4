using System.Globalization;

namespace Repro.Engine.Runs;

/// <summary>
/// Where the full story of a failure goes (message, exception types, stack traces) so the console can show only the
/// message: <c>error.log</c> in the run directory, or a file in the temp folder when there is none.
/// </summary>
public static class ErrorLog
{
    private const string DataKey = "repro.error-log";

    /// <summary>Writes <paramref name="e"/> to <paramref name="path"/> and remembers the path on the exception; returns the path.</summary>
    public static string Write(string path, Exception e)
    {
        File.WriteAllText(path, $"{DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC\n" +
                                $"command: {string.Join(' ', Environment.GetCommandLineArgs())}\n\n{e}\n");
        e.Data[DataKey] = path;
        return path;
    }

    /// <summary>Writes <paramref name="e"/> to a new file in the temp folder; returns its path.</summary>
    public static string WriteTemporary(Exception e) => Write(Path.Combine(Path.GetTempPath(),
        $"repro-error-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log"), e);

    /// <summary>The log <paramref name="e"/> was written to, or null.</summary>
    public static string? PathOf(Exception e) => e.Data[DataKey] as string;
}
