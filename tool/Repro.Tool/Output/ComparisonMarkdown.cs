using Repro.Engine;
using System.Globalization;
using System.Text;
using Repro.Engine.Statistics;

using static Repro.Tool.Output.CellText;

namespace Repro.Tool.Output;

/// <summary><c>repro compare --markdown</c>: the comparison as a Markdown table with its seeds, notes, verdict and figure, for docs and pull requests.</summary>
internal static class ComparisonMarkdown
{
    public static string Render(GroupComparison comparison, Reports.SavedFigure figure)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"A (baseline): `{comparison.A}` · B: `{comparison.B}` · paired seeds: {string.Join(", ", comparison.PairedSeeds)} · α = {comparison.Alpha.ToString(CultureInfo.InvariantCulture)}");
        md.AppendLine();
        md.AppendLine("| metric | n | A mean | B mean | B − A | 95% CI seeds | 95% CI seeds × items | p (t) | p (permutation) | r (A, B) | verdict |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in comparison.Metrics)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Metric} | {CellText.Units(m)} | {Numbers.Metric(m.MeanA)} | {Numbers.Metric(m.MeanB)} | {Signed(m.MeanDifference)} | " +
                $"{(m.Ci95 is var (low, high) ? $"[{Signed(low)}, {Signed(high)}]" : "—")} | {IntervalBasis.Cell(m, Signed)} | {P(m.TTestP)} | {P(m.PermutationP)} | {R(m.Correlation)} | {Bold(m)} |");
        md.AppendLine().AppendLine(IntervalBasis.Sentence(comparison.Metrics)).AppendLine();
        foreach (var caution in comparison.Cautions()) md.AppendLine(CultureInfo.InvariantCulture, $"Note: {caution}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Verdict: {comparison.Conclusion}");
        md.AppendLine().Append(Reports.Figure.Markdown(figure));
        return md.ToString();
    }

    private static string Bold(MetricComparison m) => m.Verdict is Verdict.NoSignificantDifference or Verdict.TooFewPairs ? m.VerdictText : $"**{m.VerdictText}**";
    // The committed pages write the minus sign as U+2212, unlike the console tables (CellText.Signed).
    private static string Signed(double v) => v.ToString("+0.0000;−0.0000;0.0000", CultureInfo.InvariantCulture);
}
