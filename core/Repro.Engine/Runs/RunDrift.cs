namespace Repro.Engine.Runs;

/// <summary>What may not change between the start of a run and its resumption.</summary>
public static class RunDrift
{
    /// <summary>Throws when plugins (unless allowed), task data, vocabulary or software differ from the run's manifest.</summary>
    public static void Check(Manifest before, Manifest now, bool allowPluginDrift)
    {
        var problems = new List<string>();
        foreach (var plugin in before.Plugins)
        {
            var current = now.Plugins.FirstOrDefault(p => p.Id == plugin.Id);
            if (current is null) problems.Add($"plugin '{plugin.Id}' is no longer used");
            else if (current.Version != plugin.Version) problems.Add($"plugin '{plugin.Id}' is {current.Version}, the run used {plugin.Version}");
            else if (current.Sha256 != plugin.Sha256 && !allowPluginDrift)
                problems.Add($"plugin '{plugin.Id}' {plugin.Version}: its assembly changed ({current.Assembly}, SHA-256 {current.Sha256[..12]}…, the run used {plugin.Sha256[..12]}…); pass --allow-plugin-drift to continue anyway");
        }
        foreach (var (stage, task) in before.Tasks)
            if (now.Tasks.TryGetValue(stage, out var current) && current.Fingerprint != task.Fingerprint)
                problems.Add($"the data of stage '{stage}' ({task.Plugin}) changed: fingerprint {current.Fingerprint[..12]}…, the run used {task.Fingerprint[..12]}…");
        if (before.Tokenizer.VocabularySha256 != now.Tokenizer.VocabularySha256) problems.Add("the vocabulary changed");
        if (before.Software.TorchSharp != now.Software.TorchSharp || before.Software.LibTorch != now.Software.LibTorch)
            problems.Add($"TorchSharp/libtorch is {now.Software.TorchSharp}/{now.Software.LibTorch}, the run used {before.Software.TorchSharp}/{before.Software.LibTorch}");
        if (before.Machine.Threads != now.Machine.Threads) problems.Add($"threads is {now.Machine.Threads}, the run used {before.Machine.Threads}");
        if (problems.Count > 0)
            throw new ReproException("cannot resume: the run would not give the numbers it started to give:\n  " + string.Join("\n  ", problems));
    }
}
