using System.Diagnostics;

namespace Repro.Plugins.Corpora;

/// <summary>The folders global npm packages live in on this machine.</summary>
internal static class NodeModules
{
    private static readonly Lazy<string?> NpmRoot = new(AskNpm);

    /// <summary>
    /// NODE_PATH entries, <c>$npm_config_prefix/lib/node_modules</c>, /usr/lib/node_modules,
    /// /usr/local/lib/node_modules, ~/.npm-global/lib/node_modules, then what <c>npm root -g</c> says.
    /// </summary>
    public static IReadOnlyList<string> Roots()
    {
        var roots = new List<string>();
        foreach (var entry in (Environment.GetEnvironmentVariable("NODE_PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            roots.Add(entry);
        if (Environment.GetEnvironmentVariable("npm_config_prefix") is { Length: > 0 } prefix)
            roots.Add(Path.Combine(prefix, "lib", "node_modules"));
        roots.Add("/usr/lib/node_modules");
        roots.Add("/usr/local/lib/node_modules");
        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".npm-global", "lib", "node_modules"));
        return roots.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>What <c>npm root -g</c> prints, asked once and only when the usual roots missed; null without npm.</summary>
    public static string? GlobalRootFromNpm() => NpmRoot.Value;

    private static string? AskNpm()
    {
        try
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "root -g") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (npm is null) return null;
            var output = npm.StandardOutput.ReadToEnd().Trim();
            if (!npm.WaitForExit(10_000)) { npm.Kill(); return null; }
            return npm.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
