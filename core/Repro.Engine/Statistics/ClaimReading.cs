using Repro.Engine.Recipes;

namespace Repro.Engine.Statistics;

/// <summary>A declared comparison read against the paper's claim (<see cref="PaperClaim"/>), in this setting.</summary>
public enum ClaimVerdict
{
    /// <summary>Gain: the difference is significant in the paper's direction and not significantly below the claimed gain. Parity: equivalent within the paper's margin.</summary>
    Reproduces,
    /// <summary>Gain: significant in the paper's direction, but significantly below the claimed gain.</summary>
    SmallerThanClaimed,
    /// <summary>Gain: significantly below the claimed gain, and not significantly different from zero. Parity: significantly beyond the paper's margin.</summary>
    NotReproduced,
    /// <summary>Gain: significant in the other direction.</summary>
    Contradicted,
    /// <summary>Neither zero nor the claim can be excluded.</summary>
    Inconclusive,
}

/// <summary>
/// One claim read against its comparison. "Excludes zero" is the comparison's own decision (both Holm-adjusted tests
/// below α, <see cref="DeclaredAnalysis"/>); "excludes the claim" is a one-sided t-test of "the improvement is at
/// least the claimed gain" (for parity claims, the two one-sided tests of equivalence within the margin, and the one-sided
/// tests of "beyond the margin"), Holm-adjusted across the recipe's claims, on the comparison's decisive estimate (seeds ×
/// items where the runs recorded predictions, <see cref="MetricComparison.Estimate"/>). Improvements are differences in the metric's
/// better direction (B − A, or A − B for loss and perplexity).
/// </summary>
public sealed record ClaimReading(PaperClaim Claim, DeclaredComparison Comparison, double? ClaimP, double? HolmClaimP, ClaimVerdict Verdict)
{
    /// <summary>Reads every claim of <paramref name="spec"/> against its comparison in <paramref name="comparisons"/>.</summary>
    public static IReadOnlyList<ClaimReading> Of(AnalysisSpec spec, IReadOnlyList<DeclaredComparison> comparisons)
    {
        var pairs = spec.Claims.Select(claim => (Claim: claim, Comparison: comparisons.Single(c => c.Baseline == claim.Baseline && c.Candidate == claim.Candidate))).ToList();
        var raw = pairs.Select(p => ClaimTest(p.Claim, Improvement(p.Comparison.Primary))).ToList();
        var holm = Holm.Adjust(raw);
        return pairs.Select((p, i) => new ClaimReading(p.Claim, p.Comparison, raw[i], holm[i], Decide(p.Claim, p.Comparison, Improvement(p.Comparison.Primary), holm[i], spec.Alpha, pairs.Count))).ToList();
    }

    /// <summary>The verdict in words, always qualified by the setting.</summary>
    public string Words => Verdict switch
    {
        ClaimVerdict.Reproduces => "reproduces",
        ClaimVerdict.SmallerThanClaimed => "smaller than claimed",
        ClaimVerdict.NotReproduced => "not reproduced",
        ClaimVerdict.Contradicted => "contradicted",
        _ => "inconclusive",
    } + " in this setting";

    // The comparison's decisive estimate in the metric's better direction (B − A, or A − B for loss and perplexity).
    private static MeanEstimate? Improvement(MetricComparison primary) =>
        primary.Direction == Direction.LowerIsBetter ? primary.Estimate?.Negated : primary.Estimate;

    // Gain g > 0: H0 "improvement ≥ g", small p when the improvement is below g (g < 0 mirrored). Parity within w: the TOST p.
    private static double? ClaimTest(PaperClaim claim, MeanEstimate? improvement)
    {
        if (improvement is null) return null;
        if (claim.Within is { } within) return improvement.Tost(within);
        var gain = claim.Gain!.Value;
        return gain > 0 ? improvement.Below(gain) : improvement.Above(gain);
    }

    private static ClaimVerdict Decide(PaperClaim claim, DeclaredComparison comparison, MeanEstimate? improvement, double? holmClaimP, double alpha, int claims)
    {
        var excludesClaim = holmClaimP is { } p && p < alpha;
        if (claim.Within is { } within)
        {
            if (excludesClaim) return ClaimVerdict.Reproduces;
            // Beyond the margin, either way: Bonferroni over the two directions and the claims.
            var level = alpha / (2.0 * claims);
            return improvement is not null && (improvement.Below(-within) < level || improvement.Above(within) < level)
                ? ClaimVerdict.NotReproduced : ClaimVerdict.Inconclusive;
        }
        var claimedBetter = claim.Gain!.Value > 0;
        var significant = comparison.Verdict is AnalysisVerdict.Better or AnalysisVerdict.Worse;
        var inPaperDirection = significant && (comparison.Verdict == AnalysisVerdict.Better) == claimedBetter;
        if (significant && !inPaperDirection) return ClaimVerdict.Contradicted;
        if (inPaperDirection) return excludesClaim ? ClaimVerdict.SmallerThanClaimed : ClaimVerdict.Reproduces;
        return excludesClaim ? ClaimVerdict.NotReproduced : ClaimVerdict.Inconclusive;
    }
}
