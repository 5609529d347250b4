using System.Globalization;
using Repro.Engine.Recipes;

namespace Repro.Engine.Statistics;

/// <summary>One setting of a replicability table: a group (a task, a checkpoint, ...) and its declared analysis.</summary>
public sealed record ReplicationSetting(string Label, DeclaredAnalysis Analysis);

/// <summary>What a row counts across settings: the candidate better than the baseline, worse, or equivalent within a margin.</summary>
public enum ReplicationHypothesis { Better, Worse, Equivalent }

/// <summary>One setting's cell of a row: its declared comparison, the verdict in words and the p of the row's hypothesis there.</summary>
public sealed record ReplicationCell(DeclaredComparison Comparison, string Verdict, double P);

/// <summary>
/// One declared comparison across settings: per setting its cell (null where the setting does not declare it), and the
/// number of settings in which the row's hypothesis holds by partial conjunction (<see cref="PartialConjunction"/>) at
/// <see cref="Replicability.Level"/>.
/// </summary>
public sealed record ReplicationRow(string Baseline, string Candidate, ReplicationHypothesis Hypothesis, double? Margin, PaperClaim? Claim,
    IReadOnlyList<ReplicationCell?> Cells, int Holds)
{
    /// <summary>The settings that declare this comparison.</summary>
    public int Settings => Cells.Count(c => c is not null);

    /// <summary>The hypothesis in words: "better", "worse" or "equivalent within ±w".</summary>
    public string HypothesisWords => Hypothesis switch
    {
        ReplicationHypothesis.Better => "better",
        ReplicationHypothesis.Worse => "worse",
        _ => $"equivalent within ±{Margin!.Value.ToString("0.####", CultureInfo.InvariantCulture)}",
    };
}

/// <summary>
/// <c>repro compare --replicability</c>: the same declared comparisons run in several settings (groups of different tasks,
/// checkpoints or data), one row per comparison. Each row tests one hypothesis in every setting: the paper's claim where a
/// recipe names one (a gain: better, or worse for a negative gain; parity: equivalent within its margin), else "better".
/// Per setting, as its declared verdict needs both tests, its p for "better" or "worse" is the larger of the one-sided t-test's
/// on the comparison's decisive estimate (seeds × items where the runs recorded predictions, <see cref="MetricComparison.Estimate"/>)
/// and the sign-flip test's over seeds; for "equivalent", TOST at the margin; a setting with one seed has p = 1. Across
/// the row's settings, partial conjunction (Holm) gives "holds in at least k of n"; the level is α / m, Bonferroni across
/// the table's m rows, so the family-wise error of every count together is at most α.
/// </summary>
public sealed record Replicability(IReadOnlyList<string> Settings, double Alpha, IReadOnlyList<ReplicationRow> Rows)
{
    /// <summary>The level each row's partial conjunction is tested at: α / m.</summary>
    public double Level => Alpha / Math.Max(1, Rows.Count);

    /// <summary>The table over <paramref name="settings"/> (at least two, one α); rows in the order the settings first declare them.</summary>
    public static Replicability Of(IReadOnlyList<ReplicationSetting> settings)
    {
        if (settings.Count < 2) throw new ReproException($"a replicability table needs at least two settings (groups), got {settings.Count}");
        var alphas = settings.Select(s => s.Analysis.Spec.Alpha).Distinct().ToList();
        if (alphas.Count > 1)
            throw new ReproException("the settings declare different analysis.alpha (" + string.Join(", ", settings.Select(s => $"{s.Label}: {s.Analysis.Spec.Alpha.ToString(CultureInfo.InvariantCulture)}")) +
                                     "); one table tests at one level");
        var pairs = settings.SelectMany(s => s.Analysis.Comparisons.Select(c => (c.Baseline, c.Candidate))).Distinct().ToList();
        var level = alphas[0] / pairs.Count;
        return new Replicability(settings.Select(s => s.Label).ToList(), alphas[0],
            pairs.Select(pair => Row(settings, pair.Baseline, pair.Candidate, level)).ToList());
    }

    private static ReplicationRow Row(IReadOnlyList<ReplicationSetting> settings, string baseline, string candidate, double level)
    {
        var claims = settings.Select(s => (s.Label, Claim: s.Analysis.Spec.Claims.FirstOrDefault(c => c.Baseline == baseline && c.Candidate == candidate)))
            .Where(c => c.Claim is not null).ToList();
        if (claims.Select(c => (c.Claim!.Gain, c.Claim.Within)).Distinct().Count() > 1)
            throw new ReproException($"the settings claim different things for {baseline} → {candidate} (" +
                                     string.Join("; ", claims.Select(c => $"{c.Label}: {Claimed(c.Claim!)}")) + "); a row tests one hypothesis in every setting");
        var claim = claims.FirstOrDefault().Claim;
        var (hypothesis, margin) = claim switch
        {
            { Within: { } within } => (ReplicationHypothesis.Equivalent, (double?)within),
            { Gain: < 0 } => (ReplicationHypothesis.Worse, null),
            _ => (ReplicationHypothesis.Better, null),
        };
        var cells = settings.Select(s =>
        {
            var comparison = s.Analysis.Comparisons.FirstOrDefault(c => c.Baseline == baseline && c.Candidate == candidate);
            if (comparison is null) return null;
            var reading = s.Analysis.Claims.FirstOrDefault(r => r.Comparison == comparison);
            return new ReplicationCell(comparison, reading?.Words ?? s.Analysis.Words(comparison), P(comparison.Primary, hypothesis, margin));
        }).ToList();
        return new ReplicationRow(baseline, candidate, hypothesis, margin, claim, cells,
            PartialConjunction.AtLeast(cells.Where(c => c is not null).Select(c => c!.P).ToList(), level));
    }

    // The p of the hypothesis in the metric's better direction: an intersection-union test, valid as each of its parts is.
    private static double P(MetricComparison primary, ReplicationHypothesis hypothesis, double? margin)
    {
        var estimate = primary.Estimate;
        if (estimate is null) return 1;
        var improvement = primary.Direction == Direction.LowerIsBetter ? estimate.Negated : estimate;
        return hypothesis switch
        {
            ReplicationHypothesis.Better => Math.Max(improvement.Above(0), primary.PermutationP),
            ReplicationHypothesis.Worse => Math.Max(improvement.Below(0), primary.PermutationP),
            _ => improvement.Tost(margin!.Value),
        };
    }

    private static string Claimed(PaperClaim claim) => claim.Gain is { } gain
        ? $"gain {gain.ToString("+0.####;-0.####", CultureInfo.InvariantCulture)}"
        : $"parity within ±{claim.Within!.Value.ToString("0.####", CultureInfo.InvariantCulture)}";
}
