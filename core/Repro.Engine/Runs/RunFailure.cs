namespace Repro.Engine.Runs;

/// <summary>
/// Marks a run directory failed when its run stops with an error: <c>manifest.json</c> gets status <c>failed</c> and the
/// reason, <c>error.log</c> the stack trace. Everything written before stays; the directory keeps its INCOMPLETE marker, so
/// <c>repro run --resume</c> can continue it once the cause is fixed. Interruptions (Ctrl+C) are not failures.
/// </summary>
internal sealed class RunFailure
{
    /// <summary>The run directory, once it exists.</summary>
    public RunFiles? Files { get; set; }

    /// <summary>The manifest as last written, once it is.</summary>
    public Manifest? Manifest { get; set; }

    /// <summary>
    /// Records <paramref name="e"/> in the run directory, if there is one. Always returns false, so that as an exception
    /// filter it records while the directory is still locked and lets the exception go on unchanged.
    /// </summary>
    public bool Record(Exception e)
    {
        if (Files is null || e is OperationCanceledException) return false;
        ErrorLog.Write(Files.ErrorLog, e);
        if (Manifest is not null)
            Json.Write(Files.Manifest, Manifest with { Status = "failed", Failure = ExceptionMessage.Short(e), FinishedUtc = DateTime.UtcNow });
        return false;
    }
}
