using System.Globalization;
using Cocona;
using Repro.Engine;
using Repro.Engine.Runs;
using Repro.Engine.Statistics;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary><c>repro compare</c>: two multi-seed groups, or two stages of one group, paired by seed.</summary>
public sealed class CompareCommand
{
    /// <summary>Most random sign flips <c>--permutations</c> takes: beyond this the p-value's resolution gains nothing that matters.</summary>
    private const int MaxPermutations = 100_000_000;

    /// <summary>Compares B with A per metric: mean difference, 95% CIs over seeds and over seeds × test items, t-test and sign-flip permutation p-values, verdict.</summary>
    [Command("compare", Description = "Run a group's declared analysis, or compare group B with group A (or --stages A,B of one group) paired by seed and test item: mean difference, 95% CIs, t and permutation p-values, verdict")]
    public int Compare(
        [Argument(Description = "One group (its recipe's declared analysis, or --stages A,B), or groups A and B: group.json, a group folder, a run directory or a folder of run directories")] string[] groups,
        [Option("stages", Description = "Compare two stages of one group, baseline first: e.g. scratch,target")] string? stages = null,
        [Option("metric", Description = "Only metrics whose stage/split/metric matches this glob (* and ?); repeatable")] string[]? metric = null,
        [Option("fail-if-worse", Description = "Exit 1 when any compared metric is significantly worse in B")] bool failIfWorse = false,
        [Option("alpha", Description = "Significance level of both tests (default 0.05); a declared analysis uses its recipe's analysis.alpha", ValueName = "P")] string? alphaText = null,
        [Option("permutations", Description = "Random sign flips of the permutation test beyond 16 paired seeds (exact below)", ValueName = "N")] string permutationsText = "100000",
        [Option("markdown", Description = "Also write the comparison as Markdown to this file, with a figure of the differences and their CIs beside it (PNG, SVG)")] string? markdown = null,
        [Option("replicability", Description = "Each group is one setting (task, checkpoint, data) of the same declared comparisons: per setting the verdict, across settings in how many the effect holds (partial conjunction)")] bool replicability = false) =>
        CommandGuard.Run(() =>
        {
            var alpha = alphaText is null ? 0.05 : NumberOption.Probability("--alpha", alphaText);
            var permutations = NumberOption.Int("--permutations", permutationsText, 1, MaxPermutations);
            var markdownPath = markdown is null ? null : OutputPath.File(markdown, "--markdown");
            var globs = metric ?? [];
            GroupComparison comparison;
            if (replicability)
            {
                if (stages is not null || globs.Length > 0 || alphaText is not null)
                    throw new ReproException("--replicability reads each group's declared analysis at its recipe's analysis.alpha; --stages, --metric and --alpha do not apply");
                var table = Replicability.Of(ReplicationSettings.Of(groups, permutations));
                ReplicabilityTable.Print(table, groups);
                if (markdownPath is not null) AtomicFile.WriteText(markdownPath, ReplicabilityTable.Markdown(table, groups));
                return ExitCodes.Ok;
            }
            if (stages is not null)
            {
                if (groups.Length != 1) throw new ReproException($"--stages compares two stages of one group: give one group, not {groups.Length}");
                var names = stages.Split(',', StringSplitOptions.TrimEntries);
                if (names.Length != 2 || names.Any(string.IsNullOrEmpty) || names[0] == names[1])
                    throw new ReproException($"--stages takes two different stage names, baseline first: e.g. --stages scratch,target (got '{stages}')");
                var group = GroupSource.Load(groups[0]);
                comparison = GroupComparison.OfStages(group, names[0], names[1], globs, alpha, permutations, new GroupPredictions(groups[0], group));
            }
            else if (groups.Length == 1)
            {
                var group = GroupSource.Load(groups[0]);
                var spec = AnalysisSource.Required(groups[0], group, "give two groups, or one group with --stages A,B");
                if (globs.Length > 0) throw new ReproException("--metric does not apply to a declared analysis: it compares analysis.primary; use --stages A,B to explore other metrics");
                if (alphaText is not null)
                    throw new ReproException($"--alpha does not apply to a declared analysis: it tests at the recipe's analysis.alpha ({spec.Alpha.ToString(CultureInfo.InvariantCulture)}), fixed before the runs; use --stages A,B to explore at another alpha");
                var analysis = DeclaredAnalysis.Of(spec, group, permutations, new GroupPredictions(groups[0], group));
                var sanity = SanityGates.Check(groups[0], group, spec);
                if (group.Sweep is not null) SweepTable.Print(group.Sweep);
                AnalysisTable.Print(analysis);
                SanityLines.Print(sanity);
                foreach (var line in RecipeDeviation.Of(groups[0], group))
                    Spectre.Console.AnsiConsole.MarkupLine(line.StartsWith('⚠') ? $"[yellow]{Spectre.Console.Markup.Escape(line)}[/]" : Spectre.Console.Markup.Escape(line));
                if (markdownPath is not null)
                    AtomicFile.WriteText(markdownPath, (group.Sweep is null ? "" : SweepTable.Markdown(group.Sweep) + "\n")
                        + AnalysisTable.Markdown(analysis) + "\n" + SanityLines.Markdown(sanity));
                return failIfWorse && analysis.AnyWorse ? ExitCodes.CheckFailed : ExitCodes.Ok;
            }
            else
            {
                if (groups.Length != 2)
                    throw new ReproException($"give two groups, A (baseline) and B (candidate), or one group with --stages A,B; got {groups.Length}");
                var (a, b) = (GroupSource.Load(groups[0]), GroupSource.Load(groups[1]));
                comparison = GroupComparison.Of(groups[0], a, groups[1], b, globs, alpha, permutations, new GroupPredictions(groups[0], a), new GroupPredictions(groups[1], b));
            }
            ComparisonTable.Print(comparison);
            if (markdownPath is not null)
            {
                var figure = Reports.ComparisonFigure.Differences(comparison, Path.GetDirectoryName(markdownPath)!, Path.GetFileNameWithoutExtension(markdownPath));
                AtomicFile.WriteText(markdownPath, ComparisonMarkdown.Render(comparison, figure));
            }
            return failIfWorse && comparison.AnyWorse ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
}
