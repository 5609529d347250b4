namespace Repro.Tool;

/// <summary>
/// <c>--verbose</c>, accepted by every command (anywhere on the command line), or <c>REPRO_VERBOSE=1</c>: errors also print
/// their stack trace. The flag sets the variable, so processes the tool starts inherit it.
/// </summary>
internal static class Verbosity
{
    private const string Variable = "REPRO_VERBOSE";
    private const string Flag = "--verbose";

    /// <summary>Whether stack traces go to the console.</summary>
    public static bool Verbose => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    /// <summary>The arguments without <c>--verbose</c>; when it was there, sets <c>REPRO_VERBOSE=1</c>.</summary>
    public static string[] Take(string[] args)
    {
        if (!args.Contains(Flag)) return args;
        Environment.SetEnvironmentVariable(Variable, "1");
        return [.. args.Where(a => a != Flag)];
    }
}
