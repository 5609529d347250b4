using Repro.Contracts;
using Repro.Engine.Tagging;

namespace Repro.Tests;

/// <summary>Token accuracy and entity precision, recall and F1 against seqeval's README example and cases counted by hand.</summary>
[Trait("Category", "Unit")]
public sealed class TokenMetricsTests
{
    private static readonly string[] Labels = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER"];

    private static TaggedSentence Sentence(string gold, string predicted) =>
        new([.. gold.Split(' ').Select(t => (long)Array.IndexOf(Labels, t))], [.. predicted.Split(' ').Select(t => t == "-" ? -1L : Array.IndexOf(Labels, t))]);

    [Fact]
    public void SeqevalReadmeExample()
    {
        // seqeval's README: f1_score(y_true, y_pred) == 0.50 for these two sentences. By hand: gold MISC(3,5), PER(0,1);
        // predicted MISC(2,5), PER(0,1); one of two correct each way, so precision = recall = F1 = 1/2.
        TaggedSentence[] sentences =
        [
            Sentence("O O O B-MISC I-MISC I-MISC O", "O O B-MISC I-MISC I-MISC I-MISC O"),
            Sentence("B-PER I-PER O", "B-PER I-PER O"),
        ];
        Assert.Equal(0.5, TokenMetrics.Compute(MetricNames.EntityF1, sentences, Labels, 0), 12);
        Assert.Equal(0.5, TokenMetrics.Compute(MetricNames.EntityPrecision, sentences, Labels, 0), 12);
        Assert.Equal(0.5, TokenMetrics.Compute(MetricNames.EntityRecall, sentences, Labels, 0), 12);
        // 8 of 10 words right: words 2 (O, predicted B-MISC) and 3 (B-MISC, predicted I-MISC) of the first sentence are wrong.
        Assert.Equal(0.8, TokenMetrics.Compute(MetricNames.TokenAccuracy, sentences, Labels, 0), 12);
    }

    [Fact]
    public void PrecisionAndRecallDifferWhenCountsDo()
    {
        // gold: PER(0,1), MISC(3,3); predicted: PER(0,1), PER(3,3), MISC(4,4) -> 1 correct of 3 predicted and 2 gold.
        TaggedSentence[] sentences = [Sentence("B-PER I-PER O B-MISC O", "B-PER I-PER O B-PER B-MISC")];
        var (p, r, f) = TokenMetrics.Entities(sentences, Labels);
        Assert.Equal(1 / 3.0, p, 12);
        Assert.Equal(1 / 2.0, r, 12);
        Assert.Equal(2 * (1 / 3.0) * 0.5 / (1 / 3.0 + 0.5), f, 12);
    }

    [Fact]
    public void AnUnpairedIPredictionStillCountsAsASpan()
    {
        // seqeval's default mode: predicted I-PER I-PER after O is the span PER(1,2), equal to gold B-PER I-PER.
        TaggedSentence[] sentences = [Sentence("O B-PER I-PER", "O I-PER I-PER")];
        Assert.Equal(1.0, TokenMetrics.Compute(MetricNames.EntityF1, sentences, Labels, 0), 12);
        Assert.Equal(2 / 3.0, TokenMetrics.Accuracy(sentences), 12);
    }

    [Fact]
    public void TruncatedWordsAreWrongAndOutside()
    {
        // The last two words were cut off (-1): accuracy 2/4, the gold PER(2,3) is missed, nothing is predicted wrongly.
        TaggedSentence[] sentences = [Sentence("O O B-PER I-PER", "O O - -")];
        Assert.Equal(0.5, TokenMetrics.Accuracy(sentences), 12);
        Assert.Equal((0.0, 0.0, 0.0), TokenMetrics.Entities(sentences, Labels));
    }

    [Fact]
    public void MetricsAreCheckedAgainstTheTarget()
    {
        Assert.Null(TokenMetrics.Problem(TargetKind.TokenClassification, Labels, [MetricNames.EntityF1, MetricNames.TokenAccuracy, MetricNames.Loss]));
        Assert.Contains("IOB2", TokenMetrics.Problem(TargetKind.TokenClassification, ["NOUN", "VERB"], [MetricNames.EntityF1]));
        Assert.Contains("not reported for a token-level task", TokenMetrics.Problem(TargetKind.TokenClassification, Labels, [MetricNames.Accuracy]));
        Assert.Contains("for token-level tasks", TokenMetrics.Problem(TargetKind.Classification, ["a", "b"], [MetricNames.TokenAccuracy]));
        Assert.Null(TokenMetrics.Problem(TargetKind.Classification, ["a", "b"], [MetricNames.Accuracy, MetricNames.Loss]));
    }
}
