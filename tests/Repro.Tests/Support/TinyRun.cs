namespace Repro.Tests.Support;

/// <summary>
/// One finished run of <see cref="TinyRecipes.TwoStage"/> with a baseline stage beside it (<c>pretrain</c>, <c>target</c>,
/// <c>base</c>), made once per test class; tests that change a run work on a copy (<see cref="CopyTo"/>).
/// </summary>
public sealed class TinyRun : IDisposable
{
    private readonly TempDirectory temp = new();

    public TinyRun()
    {
        Recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage(extraStages: """
              base:
                kind: baseline
                method: majority
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
                eval: { splits: [dev, test] }
            """));
        var result = Cli.Run(temp.Path, "run", Recipe, "--out", "runs");
        Assert.True(result.ExitCode == 0, result.ToString());
        Directory = System.IO.Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Single();
    }

    /// <summary>The recipe the run was made from.</summary>
    public string Recipe { get; }

    /// <summary>The run directory.</summary>
    public string Directory { get; }

    /// <summary>A copy of the run directory at <paramref name="folder"/>.</summary>
    public string CopyTo(string folder)
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return folder;
    }

    public void Dispose() => temp.Dispose();
}
