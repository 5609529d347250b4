using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using Repro.Contracts;
using Repro.Engine.Training;

namespace Repro.Bench.Baselines;

/// <summary>Accuracy and F1 of the positive class (label index 1) on one split, as Repro computes them.</summary>
public sealed record SplitScore(double Accuracy, double F1, int Correct, int Count);

/// <summary>One baseline's scores on dev and test.</summary>
public sealed record BaselineScore(SplitScore Dev, SplitScore Test);

/// <summary>
/// Bag-of-words baselines for a binary classification task: the majority class of the training labels, and
/// ML.NET's <c>FeaturizeText</c> (lower-cased word unigrams and bigrams, no character n-grams, default L2
/// normalisation; fitted on the training examples only) followed by SDCA logistic regression or naive Bayes.
/// Each learner gets its own <c>MLContext(seed: 0)</c>; SDCA runs on one thread, so every result is bitwise repeatable.
/// </summary>
public static class Baselines
{
    /// <summary>The names, in report order.</summary>
    public static readonly IReadOnlyList<string> Names = ["majority", "bow_logistic", "bow_naive_bayes"];

    /// <summary>Every baseline of <see cref="Names"/>, trained on <paramref name="train"/>.</summary>
    public static IReadOnlyDictionary<string, BaselineScore> Run(IReadOnlyList<Example> train, IReadOnlyList<Example> dev, IReadOnlyList<Example> test)
    {
        if (train.Any(e => e.Label is not (0 or 1)) || dev.Concat(test).Any(e => e.Label is not (0 or 1)))
            throw new ArgumentException("the baselines need a binary task: every label must be 0 or 1");
        return new Dictionary<string, BaselineScore>
        {
            ["majority"] = Score(Majority(train), dev, test),
            ["bow_logistic"] = Score(Logistic(train), dev, test),
            ["bow_naive_bayes"] = Score(NaiveBayes(train), dev, test),
        };
    }

    /// <summary>Predicts the most frequent training label for everything (ties go to the lower label index).</summary>
    public static Func<IReadOnlyList<Example>, long[]> Majority(IReadOnlyList<Example> train)
    {
        var label = train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return examples => [.. examples.Select(_ => (long)label)];
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

    /// <summary>The text featurizer both learners use.</summary>
    public static TextFeaturizingEstimator.Options Featurizer() => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = null,
        OutputTokensColumnName = null,
    };

    private static Func<IReadOnlyList<Example>, long[]> Logistic(IReadOnlyList<Example> train)
    {
        var ml = new MLContext(seed: 0);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", Featurizer(), nameof(Row.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(train)));
        return examples => [.. ml.Data.CreateEnumerable<BinaryPrediction>(model.Transform(ml.Data.LoadFromEnumerable(Rows(examples))), reuseRowObject: false)
            .Select(p => p.PredictedLabel ? 1L : 0L)];
    }

    private static Func<IReadOnlyList<Example>, long[]> NaiveBayes(IReadOnlyList<Example> train)
    {
        // ML.NET's naive Bayes is multiclass only and reads a feature as present when its value is > 0,
        // i.e. Bernoulli naive Bayes over the n-grams; the label becomes a key ordered by value ("0" < "1").
        var ml = new MLContext(seed: 0);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Class), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", Featurizer(), nameof(Row.Text)))
            .Append(ml.MulticlassClassification.Trainers.NaiveBayes("LabelKey", "Features"))
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(ClassPrediction.PredictedClass), "PredictedLabel"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(train)));
        return examples => [.. ml.Data.CreateEnumerable<ClassPrediction>(model.Transform(ml.Data.LoadFromEnumerable(Rows(examples))), reuseRowObject: false)
            .Select(p => long.Parse(p.PredictedClass, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static List<Row> Rows(IReadOnlyList<Example> examples) =>
        [.. examples.Select(e => new Row { Text = e.Text, Label = e.Label == 1, Class = e.Label.ToString(System.Globalization.CultureInfo.InvariantCulture) })];

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
        public string Class { get; set; } = "";
    }

    private sealed class BinaryPrediction
    {
        public bool PredictedLabel { get; set; }
    }

    private sealed class ClassPrediction
    {
        public string PredictedClass { get; set; } = "";
    }
}
