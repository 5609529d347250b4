using System.Globalization;

namespace Repro.Engine;

/// <summary>The one way numbers are printed in tables, pages and messages, culture-invariant.</summary>
public static class Numbers
{
    /// <summary>A metric, a difference or an interval bound as tables show it: four decimals (<c>0.8125</c>).</summary>
    public static string Metric(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A value where the last bits matter (snapshots, reproductions): nine significant digits, or <paramref name="none"/> for null.</summary>
    public static string Exact(double? value, string none = "-") => value?.ToString("G9", CultureInfo.InvariantCulture) ?? none;
}
