using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>Facts about the software and machine a run used.</summary>
public static class Provenance
{
    /// <summary>Informational version of the assembly that holds <paramref name="type"/>.</summary>
    public static string VersionOf(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? type.Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The versions of the runtime packages that matter for numerics, read from the application's deps.json.</summary>
    public static SortedDictionary<string, string> RuntimePackages()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var entry = Assembly.GetEntryAssembly()?.GetName().Name;
        var deps = entry is null ? null : Path.Combine(AppContext.BaseDirectory, entry + ".deps.json");
        if (deps is null || !File.Exists(deps)) return result;
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        if (!document.RootElement.TryGetProperty("libraries", out var libraries)) return result;
        foreach (var library in libraries.EnumerateObject())
        {
            var parts = library.Name.Split('/');
            if (parts.Length == 2 && library.Value.TryGetProperty("type", out var type) && type.GetString() == "package" &&
                (parts[0].StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || parts[0].StartsWith("libtorch", StringComparison.OrdinalIgnoreCase) ||
                 parts[0] is "McMaster.NETCore.Plugins" or "YamlDotNet" or "Semver"))
                result[parts[0]] = parts[1];
        }
        return result;
    }

    /// <summary>The libtorch version bundled with the runtime package, or "unknown".</summary>
    public static string LibTorchVersion() =>
        RuntimePackages().FirstOrDefault(kv => kv.Key.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)).Value ?? "unknown";

    /// <summary>Operating system, runtime and architecture.</summary>
    public static string OperatingSystem() => $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";

    /// <summary>.NET runtime description.</summary>
    public static string Runtime() => RuntimeInformation.FrameworkDescription;

    /// <summary>Commit and dirty flag of the git checkout holding <paramref name="folder"/>, or null outside git.</summary>
    public static GitState? Git(string folder)
    {
        var commit = RunGit(folder, "rev-parse HEAD");
        if (commit is null) return null;
        var status = RunGit(folder, "status --porcelain -- .");
        return new GitState(commit.Trim(), !string.IsNullOrWhiteSpace(status));
    }

    private static string? RunGit(string folder, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", $"-C \"{folder}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}

/// <summary>Where the recipe's folder stood in git.</summary>
public sealed record GitState(string Commit, bool Dirty);
