using Cocona;

namespace Repro.Tool.Commands;

/// <summary>The <c>--plugins</c> option shared by every command that loads plugins.</summary>
public sealed record PluginPathOptions(
    [Option("plugins", Description = "Plugin assembly (.dll) or folder to load besides the built-ins; repeatable")] string[]? Plugins) : ICommandParameterSet
{
    /// <summary>The paths given, or none.</summary>
    public IReadOnlyList<string> Paths => Plugins ?? [];
}
