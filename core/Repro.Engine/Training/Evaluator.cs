using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Tagging;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Computes a split's metrics under no-grad in eval mode. Masked-LM splits are masked from a fixed
/// seed, so evaluations at different steps see the same masks; causal-LM metrics are over every next token.
/// </summary>
internal static class Evaluator
{
    private const int BatchSize = 128;

    public static SortedDictionary<string, double> Evaluate(
        TaskModel model, ITask task, IReadOnlyList<EncodedExample> examples, IReadOnlyList<string> metrics,
        double maskProbability, int vocabularySize, long maskSeed, Device device)
    {
        model.Train(false);
        using var noGrad = no_grad();
        var predicted = new List<long>();
        var gold = new List<long>();
        var sentences = new List<TaggedSentence>();
        var predictedValues = new List<double>();
        var goldValues = new List<double>();
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
                    predicted.AddRange(output.argmax(-1).cpu().data<long>().ToArray());
                    gold.AddRange(slice.Select(e => (long)e.Label));
                    lossCount += slice.Count;
                    break;
            }
        }
        model.Train(true);

        var classes = Math.Max(task.Labels.Count, 2);
        var meanLoss = lossCount == 0 ? 0 : lossSum / lossCount;
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in metrics)
            result[metric] = task.Target == TargetKind.TokenClassification ? TokenMetrics.Compute(metric, sentences, task.Labels, meanLoss) : MetricCalculator.Compute(metric, predicted, gold, predictedValues, goldValues, classes, meanLoss);
        return result;
    }
}
