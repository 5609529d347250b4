namespace Repro.Plugins.Corpora;

/// <summary>
/// The form in which two texts count as the same: lower case, runs of white space as one space, trimmed.
/// It is the engine's leakage-check form, so a text deduplicated here is never reported as leaked.
/// </summary>
internal static class TextKey
{
    public static string Of(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A pair compared as a whole.</summary>
    public static string Of(string text, string? pair) => pair is null ? Of(text) : Of(text) + "\u241E" + Of(pair);

    /// <summary>White space collapsed to single spaces, case kept.</summary>
    public static string Clean(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
