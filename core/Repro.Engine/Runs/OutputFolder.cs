namespace Repro.Engine.Runs;

/// <summary>Checks, before anything is written, that run directories can be created under a folder given with <c>--out</c>.</summary>
public static class OutputFolder
{
    /// <summary>The full path of a folder given with <paramref name="option"/>; an empty one is refused.</summary>
    public static string FullPath(string path, string option = "--out") =>
        string.IsNullOrWhiteSpace(path) ? throw new ReproException($"{option} is empty; give a folder") : Path.GetFullPath(path);

    /// <summary>
    /// Throws naming <paramref name="option"/> when <paramref name="path"/> is a file, lies under a file, or its nearest existing
    /// folder cannot be written to (<see cref="OutputPath.Folder"/>).
    /// </summary>
    public static void Check(string path, string option = "--out") => OutputPath.Folder(path, option, "the run directories");
}
