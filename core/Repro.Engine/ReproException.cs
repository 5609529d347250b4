namespace Repro.Engine;

/// <summary>
/// The one way an expected failure leaves the engine: a message a user can act on and the exit
/// code the command line returns. Stack traces are for bugs, not for bad input.
/// </summary>
public class ReproException(string message, int exitCode = ExitCodes.BadInput, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Exit code of the command that failed.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Exit codes of every <c>repro</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A check failed (verify, compare with a threshold).</summary>
    public const int CheckFailed = 1;
    /// <summary>
    /// Bad input or environment: malformed recipe, missing or malformed plugin, wrong path, no CUDA; also a plugin that
    /// rejected its parameters or failed (threw) while running, named with its id, version and stage.
    /// </summary>
    public const int BadInput = 2;
    /// <summary>Training diverged (a non-finite loss).</summary>
    public const int Diverged = 3;
    /// <summary>
    /// Internal error: a bug in repro. The message is printed; the stack trace goes to a log file whose path is printed
    /// (<c>error.log</c> in the run directory, else the temp folder), and to the console with <c>--verbose</c>.
    /// </summary>
    public const int InternalError = 70;
    /// <summary>Interrupted by Ctrl+C or SIGTERM.</summary>
    public const int Interrupted = 130;
}
