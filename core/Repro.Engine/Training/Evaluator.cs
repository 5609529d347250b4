using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Runs;
using Repro.Engine.Tagging;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Computes a split's metrics under no-grad in eval mode. Masked-LM splits are masked from a fixed
/// seed, so evaluations at different steps see the same masks; causal-LM metrics are over every next token.
/// With <c>rows</c>, it also gives one <see cref="PredictionRow"/> per example of a classification, regression or token task
/// (a language-modelling split has none: its outcomes are per token).
/// </summary>
internal static class Evaluator
{
    private const int BatchSize = 128;

    public static SortedDictionary<string, double> Evaluate(
        TaskModel model, ITask task, IReadOnlyList<EncodedExample> examples, IReadOnlyList<string> metrics,
        double maskProbability, int vocabularySize, long maskSeed, Device device, out IReadOnlyList<PredictionRow>? rows)
    {
        model.Train(false);
        using var noGrad = no_grad();
        var predicted = new List<long>();
        var gold = new List<long>();
        var sentences = new List<TaggedSentence>();
        var predictedValues = new List<double>();
        var goldValues = new List<double>();
        var probabilities = new List<float[]>();
        var lossSum = 0.0;
        var lossCount = 0L;
        var maskRng = new Rng(maskSeed);
        for (var start = 0; start < examples.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var slice = examples.Skip(start).Take(BatchSize).ToList();
            var batch = BatchBuilder.For(slice, model.Target, maskProbability, vocabularySize, maskRng, device);
            var output = model.ForwardFromEmbeddings(model.Body.Embed(batch.TokenIds, batch.SegmentIds), batch);
            lossSum += model.Loss(output, batch, nn.Reduction.Sum).cpu().item<float>();
            switch (model.Target)
            {
                case TargetKind.MaskedLm or TargetKind.CausalLm:
                    var masked = model.TargetsOf(batch);
                    predicted.AddRange(output.argmax(-1).cpu().data<long>().ToArray());
                    gold.AddRange(masked.cpu().data<long>().ToArray());
                    lossCount += masked.shape[0];
                    break;
                case TargetKind.TokenClassification:
                    var width = (int)output.shape[1];
                    var tokenTags = output.argmax(-1).cpu().data<long>().ToArray();
                    for (var row = 0; row < slice.Count; row++)
                        sentences.Add(new TaggedSentence(slice[row].WordTags!, WordAlignment.WordPredictions(slice[row], tokenTags.AsSpan(row * width, width))));
                    lossCount += batch.Targets.ne(WordAlignment.Ignored).sum().cpu().item<long>();
                    break;
                case TargetKind.Regression:
                    predictedValues.AddRange(output.cpu().data<float>().ToArray().Select(v => (double)v));
                    goldValues.AddRange(slice.Select(e => e.Value));
                    lossCount += slice.Count;
                    break;
                default:
                    var classProbabilities = output.softmax(-1).cpu().data<float>().ToArray();
                    var width1 = (int)output.shape[^1];
                    for (var row = 0; row < slice.Count; row++) probabilities.Add(classProbabilities.AsSpan(row * width1, width1).ToArray());
                    predicted.AddRange(output.argmax(-1).cpu().data<long>().ToArray());
                    gold.AddRange(slice.Select(e => (long)e.Label));
                    lossCount += slice.Count;
                    break;
            }
        }
        model.Train(true);

        rows = model.Target switch
        {
            TargetKind.MaskedLm or TargetKind.CausalLm => null,
            TargetKind.TokenClassification => sentences.Select(t => new PredictionRow(Tags(t.Gold, task.Labels), Tags(t.Predicted, task.Labels))).ToList(),
            TargetKind.Regression => goldValues.Select((g, i) => new PredictionRow(g, predictedValues[i])).ToList(),
            _ => gold.Select((g, i) => new PredictionRow(task.Labels[(int)g], task.Labels[(int)predicted[i]], probabilities[i])).ToList(),
        };
        var classes = Math.Max(task.Labels.Count, 2);
        var meanLoss = lossCount == 0 ? 0 : lossSum / lossCount;
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in metrics)
            result[metric] = task.Target == TargetKind.TokenClassification ? TokenMetrics.Compute(metric, sentences, task.Labels, meanLoss) : MetricCalculator.Compute(metric, predicted, gold, predictedValues, goldValues, classes, meanLoss);
        return result;
    }

    /// <summary>Tag names of tag indices (a word cut off by truncation has none: an empty name, which the metrics count wrong).</summary>
    internal static string[] Tags(IReadOnlyList<long> tags, IReadOnlyList<string> labels) =>
        [.. tags.Select(t => t >= 0 && t < labels.Count ? labels[(int)t] : "")];
}
