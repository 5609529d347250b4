using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>One GLUE task as laid out by <c>download_glue_data.py</c>.</summary>
/// <param name="Folder">Sub-folder of the GLUE data folder.</param>
/// <param name="Dev">(split, file) of each labelled evaluation file.</param>
internal sealed record GlueTask(
    string Folder, TargetKind Target, bool HasHeader, ColumnSpec Columns, string[] Labels, string[] Metrics,
    (string Split, string File)[] Dev);

/// <summary>
/// The GLUE tasks, following <c>download_glue_data.py</c>'s layout. Columns, label order and header
/// handling were checked against the GLUE processors of Hugging Face transformers
/// (<c>data/processors/glue.py</c>): files are TSV read without quote handling (<c>quotechar=None</c>),
/// CoLA alone has no header, MNLI's label is its last column (<c>gold_label</c>). Where the processors
/// silently drop QQP rows with missing columns, <c>skip_malformed: true</c> drops and counts them.
/// Test files carry no labels and are not read.
/// <list type="table">
/// <listheader><term>task (folder)</term><description>files → splits; header; text / pair / label columns; labels (index order); metrics</description></listheader>
/// <item><term>cola (CoLA)</term><description>train.tsv, dev.tsv; NO header, columns source, label, original judgement, sentence → text 3, label 1; 0, 1; mcc</description></item>
/// <item><term>sst-2 (SST-2)</term><description>train.tsv, dev.tsv; header <c>sentence label</c> → sentence / – / label; 0, 1; accuracy</description></item>
/// <item><term>mrpc (MRPC)</term><description>train.tsv, dev.tsv; header <c>Quality #1 ID #2 ID #1 String #2 String</c> → #1 String / #2 String / Quality; 0, 1; accuracy, f1</description></item>
/// <item><term>qqp (QQP)</term><description>train.tsv, dev.tsv; header <c>id qid1 qid2 question1 question2 is_duplicate</c> → question1 / question2 / is_duplicate; 0, 1; accuracy, f1</description></item>
/// <item><term>sts-b (STS-B)</term><description>train.tsv, dev.tsv; header <c>index genre filename year old_index source1 source2 sentence1 sentence2 score</c> → sentence1 / sentence2 / score (regression, 0–5); pearson, spearman</description></item>
/// <item><term>mnli (MNLI)</term><description>train.tsv → train, dev_matched.tsv → dev_matched, dev_mismatched.tsv → dev_mismatched; header <c>index promptID pairID genre sentence1_binary_parse sentence2_binary_parse sentence1_parse sentence2_parse sentence1 sentence2 label1 [label2…label5] gold_label</c> → sentence1 / sentence2 / gold_label; contradiction, entailment, neutral; accuracy</description></item>
/// <item><term>qnli (QNLI)</term><description>train.tsv, dev.tsv; header <c>index question sentence label</c> → question / sentence / label; entailment, not_entailment; accuracy</description></item>
/// <item><term>rte (RTE)</term><description>train.tsv, dev.tsv; header <c>index sentence1 sentence2 label</c> → sentence1 / sentence2 / label; entailment, not_entailment; accuracy</description></item>
/// <item><term>wnli (WNLI)</term><description>train.tsv, dev.tsv; header <c>index sentence1 sentence2 label</c> → sentence1 / sentence2 / label; 0, 1; accuracy</description></item>
/// </list>
/// </summary>
internal static class GlueTasks
{
    private static readonly (string, string)[] TrainDev = [("dev", "dev.tsv")];
    private static readonly string[] Binary = ["0", "1"];
    private static readonly string[] Entailment = ["entailment", "not_entailment"];
    private static readonly string[] Accuracy = [MetricNames.Accuracy];
    private static readonly string[] AccuracyF1 = [MetricNames.Accuracy, MetricNames.F1];

    /// <summary>By normalised name (lower case, no <c>-</c> or <c>_</c>): <c>sst2</c>, <c>stsb</c>, …</summary>
    public static readonly IReadOnlyDictionary<string, GlueTask> All = new Dictionary<string, GlueTask>
    {
        ["cola"] = new("CoLA", TargetKind.Classification, false, new("3", "", "1"), Binary, [MetricNames.Matthews], TrainDev),
        ["sst2"] = new("SST-2", TargetKind.Classification, true, new("sentence", "", "label"), Binary, Accuracy, TrainDev),
        ["mrpc"] = new("MRPC", TargetKind.Classification, true, new("#1 String", "#2 String", "Quality"), Binary, AccuracyF1, TrainDev),
        ["qqp"] = new("QQP", TargetKind.Classification, true, new("question1", "question2", "is_duplicate"), Binary, AccuracyF1, TrainDev),
        ["stsb"] = new("STS-B", TargetKind.Regression, true, new("sentence1", "sentence2", "score"), [], [MetricNames.Pearson, MetricNames.Spearman], TrainDev),
        ["mnli"] = new("MNLI", TargetKind.Classification, true, new("sentence1", "sentence2", "gold_label"),
            ["contradiction", "entailment", "neutral"], Accuracy, [("dev_matched", "dev_matched.tsv"), ("dev_mismatched", "dev_mismatched.tsv")]),
        ["qnli"] = new("QNLI", TargetKind.Classification, true, new("question", "sentence", "label"), Entailment, Accuracy, TrainDev),
        ["rte"] = new("RTE", TargetKind.Classification, true, new("sentence1", "sentence2", "label"), Entailment, Accuracy, TrainDev),
        ["wnli"] = new("WNLI", TargetKind.Classification, true, new("sentence1", "sentence2", "label"), Binary, Accuracy, TrainDev),
    };

    /// <summary>The task named <paramref name="name"/> in any case, with or without <c>-</c> (<c>SST-2</c>, <c>sst2</c>).</summary>
    public static GlueTask Find(string name) =>
        All.TryGetValue(Normalise(name), out var task) ? task : throw new ArgumentException(
            $"task = '{name}' is not a GLUE task; choose from {string.Join(", ", All.Values.Select(t => t.Folder.ToLowerInvariant()))}", "task");

    private static string Normalise(string name) => name.Trim().ToLowerInvariant().Replace("-", "").Replace("_", "");
}
