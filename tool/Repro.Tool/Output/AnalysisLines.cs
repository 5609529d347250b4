using Repro.Engine;
using System.Globalization;
using Repro.Engine.Statistics;

using static Repro.Tool.Output.CellText;

namespace Repro.Tool.Output;

/// <summary>
/// The declared analysis as text cells and lines, shared by the console table and the Markdown page: one row per
/// comparison and split (the primary split first, with the adjusted p-values and the verdict), a power line per comparison.
/// </summary>
internal static class AnalysisLines
{
    public static readonly string[] Header =
        ["comparison (A → B)", "split/metric", "n", "A mean", "B mean", "B − A", "95% CI seeds", "95% CI seeds × items", "p t (Holm)", "p perm. (Holm)", "p TOST (Holm)", "ASO ε_min", "r (A, B)", "verdict"];

    public static string Title(DeclaredAnalysis a) =>
        $"declared analysis: primary {a.Spec.Primary}, {a.Spec.Comparisons.Count} comparison(s) adjusted with Holm, " +
        $"equivalence margin ±{N(a.Spec.MinEffect)}, α = {N(a.Spec.Alpha)}, seeds {string.Join(",", a.Seeds)}";

    /// <summary>The rows; <c>Primary</c> marks the row that carries the verdict.</summary>
    public static IEnumerable<(string[] Cells, bool Primary, AnalysisVerdict Verdict)> Rows(DeclaredAnalysis a)
    {
        foreach (var c in a.Comparisons)
            for (var i = 0; i < c.Rows.Count; i++)
            {
                var m = c.Rows[i];
                var primary = i == 0;
                yield return ([
                    primary ? $"{c.Baseline} → {c.Candidate}" : "", m.Metric, Units(m),
                    Numbers.Metric(m.MeanA), Numbers.Metric(m.MeanB), Signed(m.MeanDifference), m.Ci95 is var (low, high) ? $"[{Signed(low)}, {Signed(high)}]" : "—", IntervalBasis.Cell(m, Signed),
                    primary ? $"{P(m.TTestP)} ({P(c.HolmTTestP)})" : P(m.TTestP),
                    primary ? $"{P(m.PermutationP)} ({P(c.HolmPermutationP)})" : P(m.PermutationP),
                    primary ? $"{P(c.EquivalenceP)} ({P(c.HolmEquivalenceP)})" : "",
                    primary && c.AsoEpsilonMin is { } epsilon ? epsilon.ToString("0.000", CultureInfo.InvariantCulture) : "",
                    R(m.Correlation),
                    primary ? a.Words(c) : "secondary (not adjusted)",
                ], primary, c.Verdict);
            }
    }

    /// <summary>How to read the ASO column.</summary>
    public static string AsoNote(DeclaredAnalysis a) =>
        $"ASO ε_min: almost stochastic order of B's seed scores over A's (del Barrio et al. 2018; Dror et al. 2019, as deep-significance computes it) " +
        $"at confidence 1 − α/m = {N(1 - a.Spec.Alpha / Math.Max(1, a.Spec.Comparisons.Count))}, over seeds only; below 0.5 B is better than A in this sense, " +
        "and Ulmer et al. (2022) ask for below 0.2; secondary: it takes no part in the verdict.";

    /// <summary>What the intervals and tests of the table read: seeds × items, or the seeds alone and why.</summary>
    public static string Basis(DeclaredAnalysis a) => IntervalBasis.Sentence(a.Comparisons.SelectMany(c => c.Rows));

    /// <summary>One line per comparison: the paired spread, the seeds 80% power needs and what the group reached.</summary>
    public static IEnumerable<string> Power(DeclaredAnalysis a)
    {
        foreach (var c in a.Comparisons)
        {
            if (c.Power is not { } p) { yield return $"power, {c.Baseline} → {c.Candidate}: one paired seed, no estimate"; continue; }
            var needed = p.SeedsNeeded >= PowerEstimate.Limit ? $"more than {PowerEstimate.Limit}" : p.SeedsNeeded.ToString(CultureInfo.InvariantCulture);
            // Where seeds share nested stages, the units the tests count are the clusters (the nested stage's own seeds).
            var units = c.Primary.Clusters is null ? "seeds" : "clusters (nested stage seeds)";
            yield return $"power, {c.Baseline} → {c.Candidate}: paired sd {Numbers.Metric(p.PairedStd)}; detecting ±{N(p.Effect)} with 80% power at α/m = {N(p.Alpha)} " +
                         $"needs {needed} {units}{(p.SeedsNeeded == p.SignFlipSeeds ? " (the fewest with which the sign-flip test can reach it)" : "")}, the group has {p.Seeds} (power {p.PowerReached.ToString("0.00", CultureInfo.InvariantCulture)}" +
                         $"; effect detectable with 80% power at {p.Seeds} {units}: ±{Numbers.Metric(p.MinimumDetectableEffect)})" + (p.Enough ? "" : $" — fewer {units} than 80% power at ±{N(p.Effect)} needs") +
                         (c.Primary.Items is null ? "" : "; from the seeds' spread alone: the test items' share of the seeds × items error does not shrink with more seeds");
        }
    }

    /// <summary>One line per paper's claim: the claim and its source, what this group observed, the claim's test and the verdict.</summary>
    public static IEnumerable<string> Claims(DeclaredAnalysis a)
    {
        foreach (var r in a.Claims)
        {
            var m = r.Comparison.Primary;
            var claimed = r.Claim.Gain is { } gain ? $"claimed gain {Signed(gain)}" : $"claimed parity within ±{N(r.Claim.Within!.Value)}";
            var test = r.Claim.Gain is not null ? "p (improvement ≥ the claimed gain)" : "p TOST at the claimed margin";
            var interval = m.Estimate?.Ci95 is var (low, high) ? $" [{Signed(low)}, {Signed(high)}]{(m.Items is null ? "" : " (seeds × items)")}" : "";
            yield return $"claim, {r.Claim.Baseline} → {r.Claim.Candidate}: {claimed} ({r.Claim.Source}); observed B − A {Signed(m.MeanDifference)}" +
                         interval + $", {test} {P(r.ClaimP)} (Holm {P(r.HolmClaimP)}): {r.Words}";
        }
    }
}
