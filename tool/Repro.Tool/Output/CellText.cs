using System.Globalization;

namespace Repro.Tool.Output;

/// <summary>How the comparison tables write their numbers: signed differences, p-values, correlations and plain values.</summary>
internal static class CellText
{
    /// <summary>A difference or an interval bound with its sign, four decimals: <c>+0.0123</c>.</summary>
    public static string Signed(double v) => v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    /// <summary>A p-value, four decimals, <c>&lt;0.0001</c> below that; <c>—</c> for none.</summary>
    public static string P(double? p) => p switch
    {
        null => "—",
        < 0.0001 => "<0.0001",
        var v => v.Value.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    /// <summary>A correlation with its sign, two decimals; <c>—</c> for none.</summary>
    public static string R(double? r) => r is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>How many seeds a comparison paired, and in how many clusters where seeds share a nested stage: <c>10</c>, <c>10 in 3</c>.</summary>
    public static string Units(Repro.Engine.Statistics.MetricComparison m) =>
        m.Clusters is { } clusters ? $"{m.Seeds.Count} in {clusters.Count}" : m.Seeds.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A level or margin as short as it is: <c>0.05</c>, <c>0.0167</c>.</summary>
    public static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
