namespace Repro.Engine;

/// <summary>The bounded quote of user text that error messages show: at most 40 characters, then an ellipsis.</summary>
public static class TextExcerpt
{
    /// <summary><paramref name="text"/>, cut to 40 characters with "…" when longer.</summary>
    public static string Of(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
