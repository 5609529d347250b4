using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// The analysis a recipe declares before it runs: the primary metric (<c>split/metric</c>), the arm comparisons
/// (baseline stage, candidate stage), the smallest effect worth detecting and the significance level.
/// <c>repro compare</c> on the recipe's group runs exactly these comparisons, with Holm's correction across them, and reads
/// each comparison that names a paper's <see cref="PaperClaim"/> against that claim.
/// </summary>
public sealed record AnalysisSpec(string PrimarySplit, string PrimaryMetric, IReadOnlyList<(string Baseline, string Candidate)> Comparisons, double MinEffect, double Alpha,
    IReadOnlyList<PaperClaim>? Claims = null)
{
    /// <summary>The papers' claims, one per comparison at most (none when the recipe names none).</summary>
    public IReadOnlyList<PaperClaim> Claims { get; init; } = Claims ?? [];

    /// <summary>The primary metric as written: <c>split/metric</c>.</summary>
    public string Primary => $"{PrimarySplit}/{PrimaryMetric}";

    /// <summary>The <c>analysis:</c> mapping as the resolved recipe writes it.</summary>
    public YamlMappingNode ToYaml()
    {
        var node = new YamlMappingNode
        {
            { "primary", Primary },
            { "comparisons", new YamlSequenceNode(Comparisons.Select(c => new YamlSequenceNode(new YamlScalarNode(c.Baseline), new YamlScalarNode(c.Candidate)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow })) },
            { "min_effect", MinEffect.ToString("R", CultureInfo.InvariantCulture) },
            { "alpha", Alpha.ToString("R", CultureInfo.InvariantCulture) },
        };
        if (Claims.Count > 0) node.Add("claims", new YamlSequenceNode(Claims.Select(c => c.ToYaml())));
        return node;
    }
}

/// <summary>
/// Reads and checks <c>analysis:</c>: every named stage exists and reports task metrics, the metric is known, each pair
/// of stages is compared once. Whether the compared stages report the primary metric is checked when the recipe is planned
/// (<see cref="Planning.AnalysisCheck"/>): that needs their tasks.
/// </summary>
internal static class AnalysisReader
{
    /// <summary>The kinds that report one task's metrics: <c>finetune, evaluate or baseline</c>.</summary>
    private static readonly string Compared = string.Join(" or ", new[]
    {
        string.Join(", ", StageKinds.All.Where(k => k.ReportsTaskMetrics).SkipLast(1).Select(k => k.Name)),
        StageKinds.All.Last(k => k.ReportsTaskMetrics).Name,
    }.Where(part => part.Length > 0));

    public static AnalysisSpec? Read(MappingReader root, IReadOnlyList<Stage> stages, IReadOnlyList<string> metrics)
    {
        var analysis = root.Mapping("analysis");
        if (analysis is null) return null;
        var primary = analysis.String("primary", required: true) ?? "test/accuracy";
        var parts = primary.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace) || !metrics.Contains(parts[1]))
        {
            analysis.Problem(analysis.Get("primary") ?? analysis.Node,
                $"analysis.primary must be split/metric with a metric of {string.Join(", ", metrics)} (for example test/accuracy), not '{primary}'");
            parts = ["test", "accuracy"];
        }
        var comparisons = new List<(string, string)>();
        var list = analysis.Sequence("comparisons");
        if (list is null) analysis.Problem(analysis.Node, "analysis needs 'comparisons': a list of [baseline, candidate] stage pairs");
        foreach (var item in list?.Children ?? [])
        {
            if (item is not YamlSequenceNode { Children: [YamlScalarNode { Value: { } a }, YamlScalarNode { Value: { } b }] })
            {
                analysis.Problem(item, "each of analysis.comparisons is a pair of stage names, baseline first: [vanilla, smart]");
                continue;
            }
            foreach (var name in new[] { a, b })
                if (stages.FirstOrDefault(s => s.Name == name) is not { } stage)
                    analysis.Problem(item, $"analysis.comparisons: no stage '{name}' (stages: {string.Join(", ", stages.Select(s => s.Name))})");
                else if (!stage.Facts.ReportsTaskMetrics)
                    analysis.Problem(item, $"analysis.comparisons: stage '{name}' is a {stage.Facts.Name} stage; compare {Compared} stages");
            if (a == b) analysis.Problem(item, $"analysis.comparisons: [{a}, {b}] compares a stage with itself");
            else if (comparisons.Contains((a, b))) analysis.Problem(item, $"analysis.comparisons: [{a}, {b}] is listed twice");
            else if (comparisons.Contains((b, a)))
                analysis.Problem(item, $"analysis.comparisons: [{a}, {b}] is [{b}, {a}] the other way round; one comparison listed twice would be counted twice by Holm's correction: keep one");
            else comparisons.Add((a, b));
        }
        if (list is { Children.Count: 0 }) analysis.Problem(list, "analysis.comparisons is empty");
        var minEffect = analysis.Double("min_effect", required: true, min: double.Epsilon) ?? 0.01;
        var alpha = analysis.Double("alpha", min: 1e-6, max: 0.5) ?? 0.05;
        var claims = ReadClaims(analysis, comparisons);
        analysis.RejectUnknownKeys();
        return new AnalysisSpec(parts[0], parts[1], comparisons, minEffect, alpha, claims);
    }

    // analysis.claims: each a declared comparison (as written there), a gain or a parity margin, and its source.
    private static List<PaperClaim> ReadClaims(MappingReader analysis, List<(string, string)> comparisons)
    {
        var claims = new List<PaperClaim>();
        foreach (var item in analysis.Sequence("claims")?.Children ?? [])
        {
            if (item is not YamlMappingNode mapping)
            {
                analysis.Problem(item, "each of analysis.claims is a mapping: { comparison: [baseline, candidate], gain: 0.01, source: \"paper, table, setting\" }");
                continue;
            }
            var claim = new MappingReader(analysis.Document, mapping, "analysis.claims[]", analysis.Problems);
            var pair = claim.StringList("comparison");
            var gain = claim.Double("gain");
            var within = claim.Double("within", min: double.Epsilon);
            var source = claim.String("source", required: true);
            claim.RejectUnknownKeys();
            if (pair is not [var baseline, var candidate])
            {
                claim.Problem(mapping, "analysis.claims[].comparison must be one of analysis.comparisons, baseline first: [vanilla, smart]");
                continue;
            }
            if (!comparisons.Contains((baseline, candidate)))
                claim.Problem(claim.Get("comparison")!, $"analysis.claims: [{baseline}, {candidate}] is not one of analysis.comparisons" +
                    (comparisons.Contains((candidate, baseline)) ? $" (it lists [{candidate}, {baseline}]: a claim reads the comparison in its declared direction)" : ""));
            else if (claims.Any(c => c.Baseline == baseline && c.Candidate == candidate))
                claim.Problem(mapping, $"analysis.claims: [{baseline}, {candidate}] has two claims; give one");
            if ((gain is null) == (within is null))
                claim.Problem(mapping, "analysis.claims[] needs either gain (the improvement the paper claims) or within (the margin of a parity claim), not both");
            else if (gain is 0)
                claim.Problem(claim.Get("gain")!, "analysis.claims[].gain is 0: a claim of no difference is a parity claim, written within: MARGIN");
            if (source is { } s && s.Trim().Length == 0) claim.Problem(claim.Get("source")!, "analysis.claims[].source is empty: cite the paper, table and setting");
            if (source is not null) claims.Add(new PaperClaim(baseline, candidate, gain, within, source));
        }
        return claims;
    }
}
