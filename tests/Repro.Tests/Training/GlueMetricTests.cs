using Repro.Contracts;
using Repro.Engine.Plugins;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Each GLUE task read from its official layout by the built-in <c>glue</c> plugin, scored with its
/// official metrics on fixed predictions, against values worked out by hand.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GlueMetricTests
{
    private static readonly PluginInfo Glue = PluginCatalog.Load([Paths.BuiltInPlugins], includeBuiltIns: false).Find("glue")!;

    /// <summary>(folder, header or null, dev split → (rows, predicted label of each row)).</summary>
    private static readonly Dictionary<string, (string Folder, string? Header, Dictionary<string, (string[] Rows, string[] Predicted)> Dev)> Tasks = new()
    {
        // gold 1 1 1 0 0 0, predicted 1 1 0 0 0 1: TP 2, FN 1, TN 2, FP 1 → mcc (2·2 − 1·1)/√(3·3·3·3) = 1/3
        ["cola"] = ("CoLA", null, Dev(["a\t1\t\tx one.", "a\t1\t\tx two.", "a\t1\t\tx three.", "a\t0\t*\tx four.", "a\t0\t*\tx five.", "a\t0\t*\tx six."],
            ["1", "1", "0", "0", "0", "1"])),
        // gold 1 0 1 0, predicted 1 1 1 0 → accuracy 3/4
        ["sst-2"] = ("SST-2", "sentence\tlabel", Dev(["good\t1", "bad\t0", "fine\t1", "awful\t0"], ["1", "1", "1", "0"])),
        // gold 1 1 0 0 1, predicted 1 0 0 1 1 → accuracy 3/5; TP 2, FP 1, FN 1 → f1 4/6
        ["mrpc"] = ("MRPC", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String",
            Dev(["1\t1\t2\ta\tb", "1\t3\t4\tc\td", "0\t5\t6\te\tf", "0\t7\t8\tg\th", "1\t9\t10\ti\tj"], ["1", "0", "0", "1", "1"])),
        // gold 0 0 1 1, predicted 0 1 1 1 → accuracy 3/4; TP 2, FP 1, FN 0 → f1 4/5
        ["qqp"] = ("QQP", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate",
            Dev(["1\t1\t2\ta?\tb?\t0", "2\t3\t4\tc?\td?\t0", "3\t5\t6\te?\tf?\t1", "4\t7\t8\tg?\th?\t1"], ["0", "1", "1", "1"])),
        // gold 5 0.5 3 2, predicted 4 1 2 2.5 → pearson 105/√12825 (sums of the doubled values); ranks 4 1 3 2 vs 4 1 2 3 → spearman 1 − 6·2/(4·15) = 0.8
        ["sts-b"] = ("STS-B", "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore",
            Dev(["0\tg\tf\ty\t0\tn\tn\ta\tb\t5.000", "1\tg\tf\ty\t1\tn\tn\tc\td\t0.500", "2\tg\tf\ty\t2\tn\tn\te\tf\t3.000", "3\tg\tf\ty\t3\tn\tn\tg\th\t2.000"],
                ["4", "1", "2", "2.5"])),
        ["mnli"] = ("MNLI", "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label",
            new()
            {
                // gold e n c, predicted e c c → 2/3
                ["dev_matched"] = ([Mnli("a", "entailment"), Mnli("b", "neutral"), Mnli("c", "contradiction")], ["entailment", "contradiction", "contradiction"]),
                // gold n n, predicted n e → 1/2
                ["dev_mismatched"] = ([Mnli("d", "neutral"), Mnli("e", "neutral")], ["neutral", "entailment"]),
            }),
        // gold e n n e, predicted e e n e → 3/4
        ["qnli"] = ("QNLI", "index\tquestion\tsentence\tlabel",
            Dev(["0\ta?\tb\tentailment", "1\tc?\td\tnot_entailment", "2\te?\tf\tnot_entailment", "3\tg?\th\tentailment"], ["entailment", "entailment", "not_entailment", "entailment"])),
        // gold e n, predicted n n → 1/2
        ["rte"] = ("RTE", "index\tsentence1\tsentence2\tlabel", Dev(["0\ta\tb\tentailment", "1\tc\td\tnot_entailment"], ["not_entailment", "not_entailment"])),
        // gold 1 0 0, predicted 0 0 0 → 2/3
        ["wnli"] = ("WNLI", "index\tsentence1\tsentence2\tlabel", Dev(["0\ta\tb\t1", "1\tc\td\t0", "2\te\tf\t0"], ["0", "0", "0"])),
    };

    public static TheoryData<string, string, string, double> Expected => new()
    {
        { "cola", "dev", "mcc", 1.0 / 3 },
        { "sst-2", "dev", "accuracy", 0.75 },
        { "mrpc", "dev", "accuracy", 0.6 },
        { "mrpc", "dev", "f1", 4.0 / 6 },
        { "qqp", "dev", "accuracy", 0.75 },
        { "qqp", "dev", "f1", 0.8 },
        { "sts-b", "dev", "pearson", 105 / Math.Sqrt(12825) },
        { "sts-b", "dev", "spearman", 0.8 },
        { "mnli", "dev_matched", "accuracy", 2.0 / 3 },
        { "mnli", "dev_mismatched", "accuracy", 0.5 },
        { "qnli", "dev", "accuracy", 0.75 },
        { "rte", "dev", "accuracy", 0.5 },
        { "wnli", "dev", "accuracy", 2.0 / 3 },
    };

    [Theory, MemberData(nameof(Expected))]
    public void OfficialMetricOnTheOfficialLayoutMatchesTheHandComputedValue(string name, string split, string metric, double expected)
    {
        using var temp = new TempDirectory();
        var (folder, header, dev) = Tasks[name];
        var prefix = header is null ? "" : header + "\n";
        Directory.CreateDirectory(Path.Combine(temp.Path, "glue", folder));
        foreach (var (file, (rows, _)) in dev)
        {
            temp.Write($"glue/{folder}/{file}.tsv", prefix + string.Join("\n", rows) + "\n");
            temp.Write($"glue/{folder}/train.tsv", prefix + string.Join("\n", rows) + "\n");
        }
        var parameters = Glue.CreateDefaultParameters();
        parameters.GetType().GetProperty("Folder")!.SetValue(parameters, "glue");
        parameters.GetType().GetProperty("Task")!.SetValue(parameters, name);
        var task = ((ITaskPlugin)Glue.Instance).Load(parameters, new TaskContext(temp.Path, 1));

        Assert.Contains(metric, task.Metrics);
        var examples = task.Get(split);
        var predicted = dev[split].Predicted;
        Assert.Equal(predicted.Length, examples.Count);
        var value = task.Target == TargetKind.Regression
            ? MetricCalculator.Compute(metric, [], [], predicted.Select(double.Parse).ToList(), examples.Select(e => e.Value).ToList(), 0, 0)
            : MetricCalculator.Compute(metric, predicted.Select(p => (long)IndexOf(task.Labels, p)).ToList(), examples.Select(e => (long)e.Label).ToList(),
                [], [], task.Labels.Count, 0);
        Assert.Equal(expected, value, 1e-12);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label) =>
        labels.Select((l, i) => (l, i)).Single(x => x.l == label).i;

    private static Dictionary<string, (string[], string[])> Dev(string[] rows, string[] predicted) => new() { ["dev"] = (rows, predicted) };

    private static string Mnli(string text, string gold) =>
        $"0\t1\t1n\tfiction\t( {text} )\t( h )\t(ROOT {text})\t(ROOT h)\t{text}\th\t{gold}\t{gold}\t{gold}\t{gold}\t{gold}\t{gold}";
}
