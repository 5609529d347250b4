using Repro.Engine;
using Repro.Engine.Plugins;
using Repro.Engine.Runs;

namespace Repro.Tool.Commands;

/// <summary>
/// The one exit path of every command: expected failures print their message (no stack trace) and
/// return their exit code; Ctrl+C returns 130; anything else is a bug and says so. Stack traces (of bugs
/// and of failing plugins) go to a log file whose path is printed, and to the console with --verbose.
/// </summary>
internal static class CommandGuard
{
    /// <summary>True once a command body started; false when the command line itself could not be parsed.</summary>
    public static bool Started { get; private set; }

    public static int Run(Func<int> command)
    {
        Started = true;
        try
        {
            return command();
        }
        catch (ReproException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (e is PluginFailureException) Trace(e);
            return e.ExitCode;
        }
        catch (Repro.Contracts.PluginInputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: the run stopped after writing a checkpoint; its directory is marked INCOMPLETE; continue it with repro run --resume RUN_DIRECTORY");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error (a bug in repro or a plugin; please report it with the log below): {e.GetType().Name}: {e.Message}");
            Trace(e);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Prints where the stack trace is (writing it to a temp file when no run directory took it), and with --verbose the trace itself.</summary>
    private static void Trace(Exception e)
    {
        if (Verbosity.Verbose) Console.Error.WriteLine(e);
        string log;
        try { log = ErrorLog.PathOf(e) ?? ErrorLog.WriteTemporary(e); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        Console.Error.WriteLine(Verbosity.Verbose ? $"(also in {log})" : $"the stack trace is in {log} (or run with --verbose)");
    }
}
