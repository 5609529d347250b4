using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using Repro.Contracts;

namespace Repro.Engine.Baselines;

/// <summary>
/// The classical baselines a <c>baseline</c> stage trains (ML.NET 5, no hand-written learner): <c>majority</c> predicts the
/// most frequent training label (ties to the lower index); <c>bow_logistic</c> and <c>bow_naive_bayes</c> featurize the text
/// with <c>FeaturizeText</c> (lower-cased word unigrams and bigrams, no character n-grams, L2-normalised; fitted on the
/// training examples only) and fit SDCA logistic regression (maximum entropy beyond two classes) or Bernoulli naive Bayes.
/// A pair task's two texts are joined with a space. Each learner has its own <c>MLContext(seed: 0)</c> and SDCA runs on one
/// thread, so every result is bitwise repeatable.
/// </summary>
public static class TextBaselines
{
    /// <summary>The methods, as recipes name them.</summary>
    public static readonly IReadOnlyList<string> Methods = ["majority", "bow_logistic", "bow_naive_bayes"];

    /// <summary>A predictor of label indices trained with <paramref name="method"/> on <paramref name="train"/> (labels 0..classes−1).</summary>
    public static Func<IReadOnlyList<Example>, long[]> Train(string method, IReadOnlyList<Example> train, int classes)
    {
        if (train.Count == 0) throw new ReproException("a baseline needs training examples");
        if (train.FirstOrDefault(e => e.Label < 0 || e.Label >= classes) is { } bad)
            throw new ReproException($"baseline: training example '{bad.Id}' has label {bad.Label}, outside the task's {classes} labels");
        return method switch
        {
            "majority" => Majority(train),
            "bow_logistic" => classes == 2 ? Logistic(train) : MaximumEntropy(train),
            "bow_naive_bayes" => NaiveBayes(train),
            _ => throw new ReproException($"unknown baseline method '{method}' ({string.Join(", ", Methods)})"),
        };
    }

    /// <summary>The featurizer both bag-of-words learners use.</summary>
    public static TextFeaturizingEstimator.Options Featurizer() => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = null,
        OutputTokensColumnName = null,
    };

    private static Func<IReadOnlyList<Example>, long[]> Majority(IReadOnlyList<Example> train)
    {
        var label = train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return examples => [.. examples.Select(_ => (long)label)];
    }

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

    private static Func<IReadOnlyList<Example>, long[]> MaximumEntropy(IReadOnlyList<Example> train) =>
        Multiclass(train, ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "LabelKey",
            FeatureColumnName = "Features",
            NumberOfThreads = 1,
        }));

    // ML.NET's naive Bayes is multiclass only and reads a feature as present when its value is > 0: Bernoulli naive Bayes over the n-grams.
    private static Func<IReadOnlyList<Example>, long[]> NaiveBayes(IReadOnlyList<Example> train) =>
        Multiclass(train, ml => ml.MulticlassClassification.Trainers.NaiveBayes("LabelKey", "Features"));

    /// <summary>A multiclass learner over the featurized text; the label becomes a key ordered by value, and predictions map back to label indices.</summary>
    private static Func<IReadOnlyList<Example>, long[]> Multiclass(IReadOnlyList<Example> train, Func<MLContext, IEstimator<ITransformer>> trainer)
    {
        var ml = new MLContext(seed: 0);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Class), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", Featurizer(), nameof(Row.Text)))
            .Append(trainer(ml))
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(ClassPrediction.PredictedClass), "PredictedLabel"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(train)));
        return examples => [.. ml.Data.CreateEnumerable<ClassPrediction>(model.Transform(ml.Data.LoadFromEnumerable(Rows(examples))), reuseRowObject: false)
            .Select(p => long.Parse(p.PredictedClass, CultureInfo.InvariantCulture))];
    }

    // Class holds the label as text so that the key's order by value is the label index's order (zero-padded, so "002" < "010").
    private static List<Row> Rows(IReadOnlyList<Example> examples) =>
        [.. examples.Select(e => new Row
        {
            Text = e.Pair is null ? e.Text : e.Text + " " + e.Pair,
            Label = e.Label == 1,
            Class = e.Label.ToString("D3", CultureInfo.InvariantCulture),
        })];

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
