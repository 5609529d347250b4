using System.Reflection;

namespace Repro.Tool;

/// <summary>The tool's own identity.</summary>
internal static class ToolInfo
{
    /// <summary>The informational version without the source-revision suffix.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
