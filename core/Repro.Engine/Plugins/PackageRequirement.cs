using NuGet.Versioning;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Plugins;

/// <summary>
/// A plugin that comes from a NuGet package: <c>plugins: { ID: { package: P, version: V, sha512: H } }</c>.
/// </summary>
/// <param name="PluginId">The plugin id the recipe names (the key).</param>
/// <param name="Package">The NuGet package id.</param>
/// <param name="Versions">The package versions allowed: a bare version is exact (<c>1.2.0</c> = <c>[1.2.0]</c>); NuGet
/// interval notation is a range (<c>[1.2,2.0)</c>), of which the lowest available version is used, as NuGet does.</param>
/// <param name="VersionText">The version as written.</param>
/// <param name="Sha512">The pinned SHA-512 of the .nupkg file (lower-case hex), or null.</param>
/// <param name="At">Where the entry is written.</param>
public sealed record PackageRequirement(string PluginId, string Package, VersionRange Versions, string VersionText, string? Sha512, YamlNode At)
{
    /// <summary>The one version allowed, for an exact requirement; else null.</summary>
    public NuGetVersion? Exact =>
        Versions is { HasLowerAndUpperBounds: true, IsMinInclusive: true, IsMaxInclusive: true } r && r.MinVersion == r.MaxVersion ? r.MinVersion : null;

    /// <summary>
    /// Parses a recipe's package version: a bare NuGet version is exact; <c>[a,b)</c>-style intervals are NuGet ranges.
    /// Floating versions (<c>1.*</c>) are refused: a recipe names what it ran.
    /// </summary>
    public static VersionRange? ParseVersions(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Contains('*')) return null;
        if (text[0] is '[' or '(') return VersionRange.TryParse(text, allowFloating: false, out var range) ? range : null;
        return NuGetVersion.TryParse(text, out var version) ? new VersionRange(version, true, version, true) : null;
    }

    /// <summary>A SHA-512 written as 128 hex digits or 88 base64 characters, as lower-case hex; null when it is neither.</summary>
    public static string? NormalizeSha512(string text)
    {
        text = text.Trim();
        if (text.Length == 128 && text.All(Uri.IsHexDigit)) return text.ToLowerInvariant();
        var bytes = new byte[64];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 64 ? Convert.ToHexStringLower(bytes) : null;
    }
}
