using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Plugins.Corpora;

namespace Repro.Bench.Baselines;

/// <summary>
/// bag-of-words [--out FILE] [--train-examples N] [--data PATH]: majority-class and bag-of-words baselines on
/// uci-sentiment with test_domain yelp (train/dev: Amazon+IMDb; test: Yelp), trained on the engine's
/// train_examples subset (TrainingSubset.Select); dev and test whole. Prints a Markdown table; --out writes JSON.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? output = null, dataPath = "";
        var trainExamples = 300;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--train-examples" when i + 1 < args.Length: trainExamples = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--data" when i + 1 < args.Length: dataPath = args[++i]; break;
                default:
                    Console.Error.WriteLine("usage: bag-of-words [--out FILE] [--train-examples N] [--data SENTIMENT_PACKAGE_FOLDER]");
                    return 2;
            }
        }

        // As the engine loads a plugin task; UciSentiment.Load reads only context.RecipeDirectory (to resolve a
        // relative path), never DataSeed: its splits are fixed by example id (StableSplit), the same for any seed.
        var plugin = new UciSentiment();
        var parameters = new UciSentimentParameters { Path = dataPath, TestDomain = "yelp" };
        var task = plugin.Load(parameters, new TaskContext(Directory.GetCurrentDirectory(), DataSeed: 0));
        var fullTrain = task.Get("train");
        if (trainExamples > fullTrain.Count) throw new InvalidOperationException($"train_examples {trainExamples} > {fullTrain.Count} train examples");
        var train = TrainingSubset.Select(fullTrain, trainExamples).Select(i => fullTrain[i]).ToList();
        var dev = task.Get("dev");
        var test = task.Get("test");

        var scores = Baselines.Run(train, dev, test);

        var info = typeof(UciSentiment).GetCustomAttribute<PluginAttribute>()!;
        var json = new JsonObject
        {
            ["task"] = info.Id,
            ["task_plugin_version"] = info.Version,
            ["params"] = new JsonObject { ["test_domain"] = parameters.TestDomain, ["domains"] = new JsonArray([.. parameters.Domains.Select(d => (JsonNode?)d)]) },
            ["train_examples"] = train.Count,
            ["subset"] = $"Repro.Engine.Data.TrainingSubset.Select(train, {trainExamples}) of {fullTrain.Count} train examples (depends on example ids only, not on any seed)",
            ["labels"] = new JsonArray([.. task.Labels.Select(l => (JsonNode?)l)]),
            ["splits"] = new JsonObject
            {
                ["train"] = Split(train, task.Labels),
                ["dev"] = Split(dev, task.Labels),
                ["test"] = Split(test, task.Labels),
            },
            ["metrics"] = "accuracy; f1 = F1 of the positive class (label index 1); both from Repro.Engine.Training.MetricCalculator",
            ["baselines"] = new JsonObject([.. Baselines.Names.Select(n => KeyValuePair.Create(n, (JsonNode?)Score(scores[n])))]),
            ["settings"] = new JsonObject
            {
                ["majority"] = "the most frequent label of the training subset, predicted for every example",
                ["featurizer"] = "MLContext(seed: 0).Transforms.Text.FeaturizeText fitted on the training subset: CaseMode Lower, word n-grams 1-2 (NgramLength 2, UseAllLengths), no character n-grams, default Norm (L2), default diacritics/punctuation/number handling, no stop-word removal",
                ["bow_logistic"] = "BinaryClassification.Trainers.SdcaLogisticRegression, NumberOfThreads 1, other options default",
                ["bow_naive_bayes"] = "MulticlassClassification.Trainers.NaiveBayes (Bernoulli: a feature counts as present when its value is positive), label mapped to a key by value",
            },
            ["data"] = "npm sentiment@5.0.2 (./install-data.sh)",
            ["libraries"] = new JsonObject
            {
                ["Microsoft.ML"] = Version(typeof(MLContext).Assembly),
                ["dotnet"] = Environment.Version.ToString(2),
            },
        };

        Console.WriteLine($"uci-sentiment, test_domain yelp; train_examples {train.Count} of {fullTrain.Count}; dev {dev.Count}; test {test.Count}");
        Console.WriteLine();
        Console.WriteLine("| baseline | dev accuracy | dev F1 | test accuracy | test F1 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var name in Baselines.Names)
        {
            var s = scores[name];
            Console.WriteLine($"| {name} | {s.Dev.Accuracy:F3} | {s.Dev.F1:F3} | {s.Test.Accuracy:F3} | {s.Test.F1:F3} |");
        }

        if (output is not null)
        {
            var text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            var folder = Path.GetDirectoryName(Path.GetFullPath(output));
            if (folder is not null) Directory.CreateDirectory(folder);
            File.WriteAllText(output, text.Replace("\r\n", "\n"));
            Console.WriteLine();
            Console.WriteLine($"wrote {output}");
        }
        return 0;
    }

    private static JsonObject Score(BaselineScore s) => new()
    {
        ["dev"] = Metrics(s.Dev),
        ["test"] = Metrics(s.Test),
    };

    private static JsonObject Metrics(SplitScore s) => new()
    {
        ["accuracy"] = s.Accuracy,
        ["f1"] = s.F1,
        ["correct"] = s.Correct,
        ["count"] = s.Count,
    };

    /// <summary>Size, label counts and a SHA-256 of the split's ids, labels and texts (so a changed data set shows).</summary>
    private static JsonObject Split(IReadOnlyList<Example> examples, IReadOnlyList<string> labels)
    {
        var content = new StringBuilder();
        foreach (var e in examples) content.Append(e.Id).Append('\t').Append(e.Label).Append('\t').Append(e.Text).Append('\n');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())));
        return new()
        {
            ["count"] = examples.Count,
            ["label_counts"] = new JsonObject([.. labels.Select((l, i) => KeyValuePair.Create(l, (JsonNode?)examples.Count(e => e.Label == i)))]),
            ["sha256"] = hash,
        };
    }

    private static string Version(Assembly assembly)
    {
        var v = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version!.ToString();
        var plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }
}
