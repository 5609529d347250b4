using Repro.Engine;

namespace Repro.Tool.Commands;

/// <summary>
/// The one exit path of every command: expected failures print their message (no stack trace) and
/// return their exit code; Ctrl+C returns 130; anything else is a bug and says so.
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
            Console.Error.WriteLine($"internal error (a bug in repro or a plugin; please report it):\n{e}");
            return 70;
        }
    }
}
