namespace Repro.Engine.Snapshots;

/// <summary>Opens a diff tool on a snapshot mismatch when a person is at the terminal; never on CI.</summary>
public static class DiffTool
{
    /// <summary>Launches DiffEngine's detected diff tool for received vs verified, unless CI or no terminal.</summary>
    public static void Offer(string received, string verified)
    {
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } || Console.IsOutputRedirected || Console.IsInputRedirected) return;
        try { _ = DiffEngine.DiffRunner.LaunchAsync(received, verified).GetAwaiter().GetResult(); }
        catch (Exception) { /* no diff tool on this machine: the table above says everything */ }
    }
}
