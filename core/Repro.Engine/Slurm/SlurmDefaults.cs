using Repro.Engine.Recipes;

namespace Repro.Engine.Slurm;

/// <summary>
/// Slurm settings given before the command line: a recipe's <c>executor: { slurm: { ... } }</c>, or the same section of
/// the user's configuration file (<c>$XDG_CONFIG_HOME/repro/config.yaml</c>, else <c>~/.config/repro/config.yaml</c>).
/// A <c>--slurm-*</c> option wins over the recipe, the recipe over the user file; every <c>args</c> is passed: the user
/// file's, then the recipe's, then <c>--slurm-arg</c>'s (sbatch takes the last of a repeated option).
/// </summary>
public sealed record SlurmDefaults(string? Partition, string? Time, int? Cpus, string? Mem, string? Gres, string? Account, IReadOnlyList<string> Args)
{
    /// <summary>Nothing set.</summary>
    public static readonly SlurmDefaults None = new(null, null, null, null, null, null, []);

    /// <summary>These settings with <paramref name="over"/>'s given ones in their place and its arguments after these.</summary>
    public SlurmDefaults Under(SlurmDefaults over) => new(over.Partition ?? Partition, over.Time ?? Time, over.Cpus ?? Cpus, over.Mem ?? Mem,
        over.Gres ?? Gres, over.Account ?? Account, [.. Args, .. over.Args]);

    /// <summary>The options a group is submitted with; CPUs default to <paramref name="threads"/>.</summary>
    public SlurmOptions ToOptions(int threads) => new(Cpus ?? threads, Args, Partition, Time, Mem, Gres, Account);

    /// <summary>The user configuration file's path.</summary>
    public static string UserFile =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "repro", "config.yaml");

    /// <summary>The <c>executor.slurm</c> section of the user file, or <see cref="None"/> when there is no file; problems name the file and line.</summary>
    public static SlurmDefaults FromUserFile()
    {
        var path = UserFile;
        if (!File.Exists(path)) return None;
        var document = RecipeDocument.Load(path, []);
        var problems = new List<Diagnostic>();
        var root = new MappingReader(document, document.Root, "config", problems);
        var defaults = ExecutorReader.Read(root) ?? None;
        root.RejectUnknownKeys();
        if (problems.Count > 0) throw new RecipeException(problems);
        return defaults;
    }
}

/// <summary>Reads <c>executor: { slurm: { partition, time, cpus, mem, gres, account, args } }</c>.</summary>
internal static class ExecutorReader
{
    public static SlurmDefaults? Read(MappingReader root)
    {
        var executor = root.Mapping("executor");
        if (executor is null) return null;
        var slurm = executor.Mapping("slurm");
        executor.RejectUnknownKeys();
        if (slurm is null) return null;
        var defaults = new SlurmDefaults(slurm.String("partition"), slurm.String("time"), slurm.Int("cpus", min: 1, max: 4096), slurm.String("mem"),
            slurm.String("gres"), slurm.String("account"), slurm.StringList("args") ?? []);
        slurm.RejectUnknownKeys();
        return defaults;
    }
}
