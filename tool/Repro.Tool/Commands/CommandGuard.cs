using Repro.Engine;
using Repro.Engine.Recipes;
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
            Details(e, withTrace: e is PluginFailureException);
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
            Console.Error.WriteLine($"internal error (a bug in repro or a plugin; please report it with the log named below): {e.GetType().Name}: {ExceptionMessage.Short(e)}");
            Details(e, withTrace: true);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Says where the log is: a failed run's <c>error.log</c>, or, for a trace worth keeping (a bug, a failing plugin),
    /// a new file in the temp folder. With --verbose the trace is also printed.
    /// </summary>
    private static void Details(Exception e, bool withTrace)
    {
        if (withTrace && Verbosity.Verbose) Console.Error.WriteLine(e);
        var runLog = ErrorLog.PathOf(e);
        if (runLog is not null)
        {
            Console.Error.WriteLine($"the run stopped; the details and stack trace are in {runLog}");
            return;
        }
        if (!withTrace) return;
        try { Console.Error.WriteLine($"the stack trace is in {ErrorLog.WriteTemporary(e)}{(Verbosity.Verbose ? "" : " (or run with --verbose)")}"); }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException) { }
    }
}
