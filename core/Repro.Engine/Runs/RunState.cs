namespace Repro.Engine.Runs;

/// <summary>Where a run directory stands, read from its files (<see cref="RunFiles.State"/>).</summary>
public enum RunState
{
    /// <summary>The directory does not exist (deleted, or never created).</summary>
    Missing,
    /// <summary>Unfinished, and a live process holds its lock.</summary>
    Running,
    /// <summary>Unfinished and not running: killed or interrupted; <c>--resume</c> continues it.</summary>
    Stopped,
    /// <summary>Unfinished: it stopped on an error its manifest records.</summary>
    Failed,
    /// <summary>Neither finished nor marked unfinished (its metrics.json is gone): not a result.</summary>
    Damaged,
    /// <summary>Finished: metrics written, not marked unfinished.</summary>
    Finished,
}
