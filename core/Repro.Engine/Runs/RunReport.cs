using System.Globalization;
using System.Text;

namespace Repro.Engine.Runs;

/// <summary><c>report.md</c>: what ran and what came out, for a person.</summary>
public static class RunReport
{
    /// <summary>Markdown for a finished run.</summary>
    public static string Render(Manifest manifest, MetricsFile metrics)
    {
        var md = new StringBuilder();
        md.Append($"# {manifest.Recipe.Name}@{manifest.Recipe.Version}, seed {manifest.Seed}\n\n");
        md.Append($"- Recipe: `{manifest.Recipe.Path}`");
        if (manifest.Recipe.Git is { } git) md.Append($" (git {git.Commit[..Math.Min(12, git.Commit.Length)]}{(git.Dirty ? ", dirty" : "")})");
        md.Append('\n');
        md.Append($"- Repro {manifest.Software.Repro}, TorchSharp {manifest.Software.TorchSharp}, libtorch {manifest.Software.LibTorch}, {manifest.Software.DotNet}\n");
        md.Append($"- {manifest.Machine.Cpu}, kernels {manifest.Machine.CpuCapability}, {manifest.Machine.Threads} thread(s), device {manifest.Machine.Device}\n");
        if (manifest.FinishedUtc is { } end)
            md.Append($"- Ran {manifest.StartedUtc:u} to {end:u} ({(end - manifest.StartedUtc).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)\n");
        md.Append("\n## Metrics\n\n| stage | split | metric | value |\n|---|---|---|---|\n");
        foreach (var (stage, splits) in metrics.Stages)
            foreach (var (split, values) in splits)
                foreach (var (metric, value) in values)
                    md.Append($"| {stage} | {split} | {metric} | {value.ToString("0.0000", CultureInfo.InvariantCulture)} |\n");
        md.Append("\n## Data\n\n| stage | task | fingerprint | examples |\n|---|---|---|---|\n");
        foreach (var (stage, task) in manifest.Tasks)
            md.Append($"| {stage} | {task.Plugin} | `{task.Fingerprint[..16]}` | {string.Join(", ", task.Examples.Select(kv => $"{kv.Key} {kv.Value}"))} |\n");
        md.Append("\n## Plugins\n\n| id | version | kind | sha256 |\n|---|---|---|---|\n");
        foreach (var p in manifest.Plugins)
            md.Append($"| {p.Id} | {p.Version} | {p.Kind} | `{p.Sha256[..16]}` |\n");
        return md.ToString();
    }
}
