namespace Repro.Plugins.Corpora;

/// <summary>Text as the corpus readers keep it: runs of white space as one space, trimmed, case kept.</summary>
internal static class TextSpacing
{
    public static string Clean(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
