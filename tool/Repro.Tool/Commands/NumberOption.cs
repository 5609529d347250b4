using System.Globalization;
using Repro.Engine;

namespace Repro.Tool.Commands;

/// <summary>
/// Numeric command-line options, taken as text and parsed here, so that a bad value is refused in the option's own terms
/// (<c>--jobs must be a whole number between 1 and 1024, not 'abc'</c>) instead of the framework's .NET type names.
/// </summary>
internal static class NumberOption
{
    /// <summary>The whole number <paramref name="text"/> given to <paramref name="option"/>, between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static int Int(string option, string text, int min, int max) =>
        Whole(text) is { } value && value >= min && value <= max
            ? value
            : throw new ReproException($"{option} must be a whole number between {min} and {max}, not '{TextExcerpt.Of(text)}'");

    /// <summary>The whole number <paramref name="text"/> given to <paramref name="option"/>, whose range the command checks.</summary>
    public static int Int(string option, string text) =>
        Whole(text) ?? throw new ReproException($"{option} must be a whole number, not '{TextExcerpt.Of(text)}'");

    /// <summary>The finite number <paramref name="text"/> given to <paramref name="option"/>, whose range the command checks.</summary>
    public static double Double(string option, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ReproException($"{option} must be a number, not '{TextExcerpt.Of(text)}'");

    /// <summary>The probability <paramref name="text"/> given to <paramref name="option"/> (a significance level): strictly between 0 and 1.</summary>
    public static double Probability(string option, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 1
            ? value
            : throw new ReproException($"{option} must be a number between 0 and 1 (exclusive), not '{TextExcerpt.Of(text)}'");

    private static int? Whole(string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
