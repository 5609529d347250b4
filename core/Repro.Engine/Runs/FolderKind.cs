using Repro.Engine.Sweeps;

namespace Repro.Engine.Runs;

/// <summary>What a folder under <c>runs/</c> is: the one definition, read by <c>--resume</c>, <c>status</c>, <c>compare</c> and <c>report</c>.</summary>
public enum FolderKind
{
    /// <summary>None of the others.</summary>
    None,
    /// <summary>A run directory: it holds <c>recipe.yaml</c> or <c>manifest.json</c>.</summary>
    Run,
    /// <summary>A group folder: it holds <c>plan.json</c>.</summary>
    Group,
    /// <summary>A sweep folder: it holds <c>sweep.json</c>.</summary>
    Sweep,
}

/// <summary>Tells a folder's <see cref="FolderKind"/> from the files it holds.</summary>
public static class FolderKinds
{
    /// <summary>The kind of <paramref name="folder"/> (a sweep before a group before a run).</summary>
    public static FolderKind Of(string folder)
    {
        if (!Directory.Exists(folder)) return FolderKind.None;
        if (SweepPlan.IsSweep(folder)) return FolderKind.Sweep;
        if (GroupPlan.IsGroup(folder)) return FolderKind.Group;
        var run = new RunFiles(folder);
        return File.Exists(run.Recipe) || File.Exists(run.Manifest) ? FolderKind.Run : FolderKind.None;
    }

    /// <summary>The kind as a word: run, group, sweep.</summary>
    public static string Name(FolderKind kind) => kind.ToString().ToLowerInvariant();
}
