using Repro.Contracts;

namespace Repro.Engine.Tagging;

/// <summary>One sentence of a token-level evaluation: the gold tag and the predicted tag of each word (−1: no prediction, the word was truncated).</summary>
/// <param name="Gold">Gold tag indices, one per word.</param>
/// <param name="Predicted">Predicted tag indices, one per word; −1 for a word cut off by truncation.</param>
public sealed record TaggedSentence(IReadOnlyList<long> Gold, IReadOnlyList<long> Predicted);

/// <summary>
/// The metrics of token-level tasks, over words (not sub-tokens): <c>token_accuracy</c>, the fraction of words whose
/// predicted tag is the gold tag, and <c>entity_precision</c>, <c>entity_recall</c>, <c>entity_f1</c> over the spans
/// <see cref="EntityChunks"/> reads from the tag names (exact type and boundaries, micro-averaged over every entity of the
/// split, 0 where a denominator is 0, as seqeval's default mode and conlleval count them). A word cut off by truncation
/// has no prediction: it counts as wrong for accuracy and as <c>O</c> for the entities, so truncation never raises a score.
/// </summary>
public static class TokenMetrics
{
    /// <summary>The metrics a token-level task can report.</summary>
    public static readonly IReadOnlyList<string> Names =
        [MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1, MetricNames.Loss];

    /// <summary>The metric <paramref name="metric"/> of <paramref name="sentences"/>, tags named by <paramref name="labels"/>; loss is <paramref name="meanLoss"/>.</summary>
    public static double Compute(string metric, IReadOnlyList<TaggedSentence> sentences, IReadOnlyList<string> labels, double meanLoss) => metric switch
    {
        MetricNames.Loss => meanLoss,
        MetricNames.TokenAccuracy => Accuracy(sentences),
        MetricNames.EntityPrecision => Entities(sentences, labels).Precision,
        MetricNames.EntityRecall => Entities(sentences, labels).Recall,
        MetricNames.EntityF1 => Entities(sentences, labels).F1,
        _ => throw new ReproException($"metric '{metric}' is not one of a token-level task ({string.Join(", ", Names)})"),
    };

    /// <summary>Fraction of words tagged correctly; 0 without words.</summary>
    public static double Accuracy(IReadOnlyList<TaggedSentence> sentences)
    {
        long words = 0, right = 0;
        foreach (var s in sentences)
            for (var i = 0; i < s.Gold.Count; i++, words++)
                if (s.Predicted[i] == s.Gold[i]) right++;
        return words == 0 ? 0 : right / (double)words;
    }

    /// <summary>Entity precision, recall and F1 (micro-averaged, exact spans).</summary>
    public static (double Precision, double Recall, double F1) Entities(IReadOnlyList<TaggedSentence> sentences, IReadOnlyList<string> labels)
    {
        long gold = 0, predicted = 0, correct = 0;
        foreach (var s in sentences)
        {
            var truth = EntityChunks.Of([.. s.Gold.Select(t => labels[(int)t])]).ToHashSet();
            var guess = EntityChunks.Of([.. s.Predicted.Select(t => t < 0 ? "O" : labels[(int)t])]);
            gold += truth.Count;
            predicted += guess.Count;
            correct += guess.Count(truth.Contains);
        }
        var precision = predicted == 0 ? 0 : correct / (double)predicted;
        var recall = gold == 0 ? 0 : correct / (double)gold;
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    /// <summary>
    /// Why <paramref name="metrics"/> cannot be reported for a task of <paramref name="target"/> with <paramref name="labels"/>, or null:
    /// token metrics need a token-level task, a token-level task reports only token metrics, and entity metrics need IOB2-style tag names.
    /// </summary>
    public static string? Problem(TargetKind target, IReadOnlyList<string> labels, IReadOnlyList<string> metrics)
    {
        var token = target == TargetKind.TokenClassification;
        if (!token && metrics.FirstOrDefault(m => m != MetricNames.Loss && Names.Contains(m)) is { } misplaced)
            return $"metric '{misplaced}' is for token-level tasks, and this task is {target}";
        if (!token) return null;
        if (metrics.FirstOrDefault(m => !Names.Contains(m)) is { } other)
            return $"metric '{other}' is not reported for a token-level task; use {string.Join(", ", Names)}";
        if (metrics.Any(m => m.StartsWith("entity_", StringComparison.Ordinal)) && !EntityChunks.IsChunkTagset(labels))
            return $"entity metrics read spans from IOB2 tag names (O, B-TYPE, I-TYPE), and this task's tags are {string.Join(", ", labels.Take(6))}{(labels.Count > 6 ? ", ..." : "")}; use token_accuracy";
        return null;
    }
}
