using Repro.Contracts;
using Repro.Engine.Baselines;
using Repro.Engine.Training;

namespace Repro.Bench.Baselines;

/// <summary>Accuracy and F1 of the positive class (label index 1) on one split, as Repro computes them.</summary>
public sealed record SplitScore(double Accuracy, double F1, int Correct, int Count);

/// <summary>One baseline's scores on dev and test.</summary>
public sealed record BaselineScore(SplitScore Dev, SplitScore Test);

/// <summary>
/// The engine's baselines (<see cref="TextBaselines"/>, what a <c>baseline</c> stage trains) on a binary task, scored on dev and test.
/// </summary>
public static class Baselines
{
    /// <summary>The names, in report order.</summary>
    public static IReadOnlyList<string> Names => TextBaselines.Methods;

    /// <summary>Every baseline of <see cref="Names"/>, trained on <paramref name="train"/>.</summary>
    public static IReadOnlyDictionary<string, BaselineScore> Run(IReadOnlyList<Example> train, IReadOnlyList<Example> dev, IReadOnlyList<Example> test)
    {
        if (train.Any(e => e.Label is not (0 or 1)) || dev.Concat(test).Any(e => e.Label is not (0 or 1)))
            throw new ArgumentException("the baselines need a binary task: every label must be 0 or 1");
        return Names.ToDictionary(n => n, n => Score(TextBaselines.Train(n, train, 2), dev, test));
    }

    /// <summary>The metrics of <paramref name="predicted"/> against the gold labels, with the engine's own <see cref="MetricCalculator"/>.</summary>
    public static SplitScore Measure(IReadOnlyList<long> predicted, IReadOnlyList<Example> gold)
    {
        var labels = gold.Select(e => (long)e.Label).ToList();
        return new(MetricCalculator.Accuracy(predicted, labels), MetricCalculator.F1(predicted, labels),
            predicted.Zip(labels).Count(x => x.First == x.Second), labels.Count);
    }

    private static BaselineScore Score(Func<IReadOnlyList<Example>, long[]> predict, IReadOnlyList<Example> dev, IReadOnlyList<Example> test) =>
        new(Measure(predict(dev), dev), Measure(predict(test), test));
}
