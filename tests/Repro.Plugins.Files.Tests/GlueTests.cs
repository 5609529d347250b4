using System.Reflection;
using Repro.Contracts;

namespace Repro.Plugins.Files.Tests;

[Trait("Category", "Unit")]
public class GlueTests
{
    /// <summary>Tiny train/dev files in each task's official layout: (header or null, row 1, row 2).</summary>
    private static readonly Dictionary<string, (string Folder, string? Header, string Row1, string Row2)> Layouts = new()
    {
        ["cola"] = ("CoLA", null, "gj04\t1\t\tOur friends won't buy this analysis.", "gj04\t0\t*\tThey drank the pub."),
        ["sst-2"] = ("SST-2", "sentence\tlabel", "it 's a charming journey . \t1", "unflinchingly bleak\t0"),
        ["mrpc"] = ("MRPC", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String", "1\t702876\t702977\tAmrozi accused his brother .\tReferring to him , Amrozi ...", "0\t2108705\t2108831\tYucaipa owned Dominick 's .\tYucaipa bought Dominick 's ."),
        ["qqp"] = ("QQP", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate", "1\t3\t4\tHow do I read?\tHow can I read?\t1", "2\t5\t6\tWhy is the sky blue?\tWhat is rain?\t0"),
        ["sts-b"] = ("STS-B", "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore", "0\tmain-captions\tMSRvid\t2012test\t0001\tnone\tnone\tA plane is taking off.\tAn air plane is taking off.\t5.000", "1\tmain-captions\tMSRvid\t2012test\t0004\tnone\tnone\tA man is playing a flute.\tA man is eating.\t0.500"),
        ["qnli"] = ("QNLI", "index\tquestion\tsentence\tlabel", "0\tWhen?\tIn 1900.\tentailment", "1\tWho?\tNobody knows why.\tnot_entailment"),
        ["rte"] = ("RTE", "index\tsentence1\tsentence2\tlabel", "0\tDana won.\tDana lost.\tnot_entailment", "1\tA dog ran.\tAn animal ran.\tentailment"),
        ["wnli"] = ("WNLI", "index\tsentence1\tsentence2\tlabel", "0\tI stuck a pin through a carrot.\tThe carrot had a hole.\t1", "1\tJohn couldn't see.\tJohn was tall.\t0"),
    };

    private const string MnliHeaderTrain = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tgold_label";
    private const string MnliHeaderDev = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label";
    private static string MnliRow(string s1, string s2, string gold, int labels) =>
        $"0\t31193\t31193n\tgovernment\t( ( a ) )\t( b )\t(ROOT a)\t(ROOT b)\t{s1}\t{s2}\t{string.Join('\t', Enumerable.Repeat(gold, labels))}\t{gold}";

    private static FileTask Load(TempFolder dir, string task, bool skip = false) =>
        (FileTask)new Glue().Load(new GlueParameters { Folder = "glue_data", Task = task, SkipMalformed = skip }, dir.Context);

    private static void WriteTask(TempFolder dir, string task)
    {
        var (folder, header, row1, row2) = Layouts[task];
        var prefix = header is null ? "" : header + "\n";
        dir.Write($"glue_data/{folder}/train.tsv", $"{prefix}{row1}\n{row2}\n");
        dir.Write($"glue_data/{folder}/dev.tsv", $"{prefix}{row2}\n");
        dir.Write($"glue_data/{folder}/test.tsv", "index\tsentence\n0\tunlabelled\n");
    }

    public static TheoryData<string, TargetKind, bool, string[], string[], string, string?> Expected => new()
    {
        { "cola", TargetKind.Classification, false, ["0", "1"], ["mcc"], "Our friends won't buy this analysis.", null },
        { "sst-2", TargetKind.Classification, false, ["0", "1"], ["accuracy"], "it 's a charming journey . ", null },
        { "mrpc", TargetKind.Classification, true, ["0", "1"], ["accuracy", "f1"], "Amrozi accused his brother .", "Referring to him , Amrozi ..." },
        { "qqp", TargetKind.Classification, true, ["0", "1"], ["accuracy", "f1"], "How do I read?", "How can I read?" },
        { "sts-b", TargetKind.Regression, true, [], ["pearson", "spearman"], "A plane is taking off.", "An air plane is taking off." },
        { "qnli", TargetKind.Classification, true, ["entailment", "not_entailment"], ["accuracy"], "When?", "In 1900." },
        { "rte", TargetKind.Classification, true, ["entailment", "not_entailment"], ["accuracy"], "Dana won.", "Dana lost." },
        { "wnli", TargetKind.Classification, true, ["0", "1"], ["accuracy"], "I stuck a pin through a carrot.", "The carrot had a hole." },
    };

    [Theory, MemberData(nameof(Expected))]
    public void Every_task_reads_its_official_columns_labels_and_metrics(
        string name, TargetKind target, bool pair, string[] labels, string[] metrics, string text, string? second)
    {
        using var dir = new TempFolder();
        WriteTask(dir, name);
        var task = Load(dir, name);
        Assert.Equal(target, task.Target);
        Assert.Equal(pair, task.IsPair);
        Assert.Equal(labels, task.Labels);
        Assert.Equal(metrics, task.Metrics);
        Assert.Equal(["train", "dev"], task.Splits);
        Assert.Equal(2, task.Get("train").Count);
        Assert.Single(task.Get("dev"));
        var first = task.Get("train")[0];
        Assert.Equal((text, second), (first.Text, first.Pair));
        Assert.Equal(name == "cola" ? "train-1" : "train-2", first.Id);
        if (target == TargetKind.Regression) Assert.Equal([5.0, 0.5], task.Get("train").Select(e => e.Value));
        else Assert.Equal(name is "rte" ? [1, 0] : name is "qnli" ? [0, 1] : [1, 0], task.Get("train").Select(e => e.Label));
        Assert.Equal(task.Get("train")[1] with { Id = task.Get("dev")[0].Id }, task.Get("dev")[0]);
    }

    [Fact]
    public void Mnli_has_matched_and_mismatched_dev_splits()
    {
        using var dir = new TempFolder();
        dir.Write("glue_data/MNLI/train.tsv", $"{MnliHeaderTrain}\n{MnliRow("a", "b", "neutral", 1)}\n{MnliRow("c", "d", "contradiction", 1)}\n{MnliRow("e", "f", "entailment", 1)}\n");
        dir.Write("glue_data/MNLI/dev_matched.tsv", $"{MnliHeaderDev}\n{MnliRow("g", "h", "entailment", 5)}\n");
        dir.Write("glue_data/MNLI/dev_mismatched.tsv", $"{MnliHeaderDev}\n{MnliRow("i", "j", "neutral", 5)}\n");
        var task = Load(dir, "MNLI");
        Assert.Equal(["train", "dev_matched", "dev_mismatched"], task.Splits);
        Assert.Equal(["contradiction", "entailment", "neutral"], task.Labels);
        Assert.Equal(["accuracy"], task.Metrics);
        Assert.Equal([2, 0, 1], task.Get("train").Select(e => e.Label));
        Assert.Equal(new Example("dev_matched-2", "g", "h", 1), task.Get("dev_matched")[0]);
        Assert.Equal(new Example("dev_mismatched-2", "i", "j", 2), task.Get("dev_mismatched")[0]);
    }

    [Theory]
    [InlineData("SST-2")]
    [InlineData("sst2")]
    [InlineData("Sst-2")]
    public void Task_names_ignore_case_and_hyphens(string name)
    {
        using var dir = new TempFolder();
        WriteTask(dir, "sst-2");
        Assert.Equal(2, Load(dir, name).Get("train").Count);
    }

    [Fact]
    public void Unknown_tasks_and_missing_folders_are_reported()
    {
        using var dir = new TempFolder();
        Assert.Equal("task", Assert.Throws<ArgumentException>(() => Load(dir, "squad")).ParamName);
        var error = Assert.Throws<ParameterException>(() => Load(dir, "rte"));
        Assert.StartsWith("folder = ", error.Message);
        Assert.Contains(Path.Combine(dir.Path, "glue_data", "RTE", "train.tsv"), error.Message);
    }

    [Fact]
    public void Malformed_glue_rows_name_file_and_line_or_are_skipped()
    {
        using var dir = new TempFolder();
        WriteTask(dir, "qqp");
        dir.Write("glue_data/QQP/train.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n1\t3\t4\tA?\tB?\t1\n2\t5\tbroken row\n3\t7\t8\tC?\tD?\t0\n4\t9\t10\tE?\tF?\t2\n");
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, "qqp"));
        Assert.Contains(Path.Combine("QQP", "train.tsv") + " line 3", error.Message);
        var task = Load(dir, "qqp", skip: true);
        Assert.Equal(["train-2", "train-4"], task.Get("train").Select(e => e.Id));
        Assert.Equal(2, task.Skipped);
    }

    [Theory]
    [InlineData(typeof(Glue), "glue")]
    [InlineData(typeof(FileClassification), "file-classification")]
    [InlineData(typeof(FileRegression), "file-regression")]
    public void Plugins_are_documented_bitwise_task_plugins(Type type, string id)
    {
        var attribute = type.GetCustomAttribute<PluginAttribute>()!;
        Assert.Equal((id, "1.0.0", DeterminismTier.Bitwise), (attribute.Id, attribute.Version, attribute.Determinism));
        Assert.False(string.IsNullOrWhiteSpace(attribute.Description));
        var plugin = (IPlugin)Activator.CreateInstance(type)!;
        Assert.Equal(PluginKind.Task, plugin.Kind);
        Assert.All(plugin.ParametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance), p =>
        {
            Assert.NotNull(p.GetCustomAttribute<ParamAttribute>());
            Assert.True(p.CanWrite, p.Name);
        });
    }
}
