namespace Repro.Engine;

/// <summary>An exception's message as a console line: libtorch's own C++ stack trace ("Exception raised from ... frame #0") cut off.</summary>
public static class ExceptionMessage
{
    private const string NativeTrace = "\nException raised from ";

    /// <summary>The message of <paramref name="e"/> without a native stack trace; the full text stays in the error log.</summary>
    public static string Short(Exception e)
    {
        var message = e.Message;
        var native = message.IndexOf(NativeTrace, StringComparison.Ordinal);
        return (native < 0 ? message : message[..native]).TrimEnd();
    }
}
