namespace Repro.Engine.Runs;

/// <summary>What may not change between the start of a run and its resumption.</summary>
public static class RunDrift
{
    /// <summary>Throws when the recipe, plugins (unless allowed), task data, vocabulary, checkpoints or software differ from the run's manifest.</summary>
    public static void Check(Manifest before, Manifest now, bool allowPluginDrift)
    {
        var problems = new List<string>();
        if (before.Recipe.ResolvedSha256 != now.Recipe.ResolvedSha256)
            problems.Add("the recipe changed since the run started" + (before.Recipe.Resolved is { } old && now.Recipe.Resolved is { } current
                ? ":\n    " + string.Join("\n    ", LineDifferences(old, current))
                : $" (resolved SHA-256 {now.Recipe.ResolvedSha256[..12]}…, the run used {before.Recipe.ResolvedSha256[..12]}…)"));
        problems.AddRange(PluginProblems(before.Plugins, now.Plugins, allowPluginDrift));
        foreach (var (stage, task) in before.Tasks)
            if (now.Tasks.TryGetValue(stage, out var current) && current.Fingerprint != task.Fingerprint)
                problems.Add($"the data of stage '{stage}' ({task.Plugin}) changed: fingerprint {current.Fingerprint[..12]}…, the run used {task.Fingerprint[..12]}…");
        if (before.Tokenizer.VocabularySha256 != now.Tokenizer.VocabularySha256)
            problems.Add($"the tokenizer's vocabulary or id mapping changed ({now.Tokenizer.Type}, hash {now.Tokenizer.VocabularySha256[..12]}…, the run used {before.Tokenizer.Type}, {before.Tokenizer.VocabularySha256[..12]}…)");
        if (before.Software.TorchSharp != now.Software.TorchSharp || before.Software.LibTorch != now.Software.LibTorch)
            problems.Add($"TorchSharp/libtorch is {now.Software.TorchSharp}/{now.Software.LibTorch}, the run used {before.Software.TorchSharp}/{before.Software.LibTorch}");
        if (before.Machine.Threads != now.Machine.Threads) problems.Add($"threads is {now.Machine.Threads}, the run used {before.Machine.Threads}");
        foreach (var checkpoint in before.Checkpoints ?? [])
            if (now.Checkpoints?.FirstOrDefault(c => c.Component == checkpoint.Component) is not { } current)
                problems.Add($"{checkpoint.Component} no longer loads the checkpoint {checkpoint.Name}");
            else
                foreach (var file in checkpoint.Files.Where(f => current.Files.FirstOrDefault(c => c.Path == f.Path)?.Sha256 != f.Sha256))
                    problems.Add($"{checkpoint.Component}: the checkpoint's {file.Path} changed or is gone (the run used SHA-256 {file.Sha256[..12]}…)");
        if (problems.Count > 0)
            throw new ReproException("cannot resume: the run would not give the numbers it started to give:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The lines only the old text has (<c>-</c>) and those only the new one has (<c>+</c>), in order; at most 20.</summary>
    public static IEnumerable<string> LineDifferences(string before, string after)
    {
        var (old, current) = (before.Split('\n'), after.Split('\n'));
        return old.Except(current).Select(l => "- " + l.Trim()).Concat(current.Except(old).Select(l => "+ " + l.Trim())).Take(20);
    }

    /// <summary>Plugins that are missing, of another version, or (unless allowed) of another assembly than the run used.</summary>
    public static List<string> PluginProblems(IEnumerable<ManifestPlugin> before, IReadOnlyList<ManifestPlugin> now, bool allowPluginDrift)
    {
        var problems = new List<string>();
        foreach (var plugin in before)
        {
            var current = now.FirstOrDefault(p => p.Id == plugin.Id);
            if (current is null) problems.Add($"plugin '{plugin.Id}' is not loaded (the run used {plugin.Version} from {Origin(plugin)})");
            else if (current.Version != plugin.Version) problems.Add($"plugin '{plugin.Id}' is {current.Version} from {Origin(current)}, the run used {plugin.Version} from {Origin(plugin)}");
            else if (plugin.Package is { } recorded && current.Package is { } found && found.Sha512 != recorded.Sha512)
                problems.Add($"plugin '{plugin.Id}' {plugin.Version}: package {found.Id} {found.Version} has SHA-512 {found.Sha512[..16]}… ({found.Source}), the run used {recorded.Sha512[..16]}… ({recorded.Source})");
            else if (current.Sha256 != plugin.Sha256 && !allowPluginDrift)
                problems.Add($"plugin '{plugin.Id}' {plugin.Version}: its assembly changed (found {current.Assembly}, SHA-256 {current.Sha256[..12]}…; the run used {plugin.Assembly}, SHA-256 {plugin.Sha256[..12]}…); pass --allow-plugin-drift to go on anyway");
        }
        return problems;
    }

    private static string Origin(ManifestPlugin plugin) =>
        plugin.Package is { } p ? $"package {p.Id}@{p.Version} from {p.Source}" : plugin.Assembly;

    /// <summary>Readable differences between the environments of two runs (software, machine, numerics variables); plugin assemblies are <see cref="PluginAssemblyDifferences"/>.</summary>
    public static List<string> EnvironmentDifferences(Manifest a, Manifest b)
    {
        var differences = new List<string>();
        void Compare(string what, object? x, object? y)
        {
            if (!Equals(x, y)) differences.Add($"{what}: {x} → {y}");
        }
        Compare("repro", a.Software.Repro, b.Software.Repro);
        Compare("TorchSharp", a.Software.TorchSharp, b.Software.TorchSharp);
        Compare("libtorch", a.Software.LibTorch, b.Software.LibTorch);
        Compare(".NET", a.Software.DotNet, b.Software.DotNet);
        Compare("OS", a.Machine.Os, b.Machine.Os);
        Compare("CPU", a.Machine.Cpu, b.Machine.Cpu);
        Compare("CPU kernels", a.Machine.CpuCapability, b.Machine.CpuCapability);
        Compare("threads", a.Machine.Threads, b.Machine.Threads);
        Compare("device", a.Machine.Device, b.Machine.Device);
        foreach (var name in a.Machine.Environment.Keys.Union(b.Machine.Environment.Keys).Order(StringComparer.Ordinal))
            Compare($"${name}", a.Machine.Environment.GetValueOrDefault(name, "(unset)"), b.Machine.Environment.GetValueOrDefault(name, "(unset)"));
        return differences;
    }

    /// <summary>The plugins whose assembly differs between two runs, each named with its version and both assemblies' SHA-256 (and paths where they differ).</summary>
    public static List<string> PluginAssemblyDifferences(Manifest a, Manifest b) =>
        a.Plugins.Select(plugin => (Plugin: plugin, Other: b.Plugins.FirstOrDefault(p => p.Id == plugin.Id)))
            .Where(x => x.Other is not null && x.Other.Sha256 != x.Plugin.Sha256)
            .Select(x => $"plugin '{x.Plugin.Id}' {x.Plugin.Version}: assembly SHA-256 {x.Plugin.Sha256} → {x.Other!.Sha256}" +
                (x.Plugin.Assembly == x.Other.Assembly ? $" ({x.Plugin.Assembly})" : $" ({x.Plugin.Assembly} → {x.Other.Assembly})"))
            .ToList();
}
