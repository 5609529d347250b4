using Repro.Contracts;

namespace Repro.Plugins.Files.Tests;

[Trait("Category", "Unit")]
public class FileClassificationTests
{
    private static FileTask Load(TempFolder dir, FileClassificationParameters p) => (FileTask)new FileClassification().Load(p, dir.Context);

    [Fact]
    public void Tsv_with_header_gives_examples_ids_and_sorted_labels()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "text\tlabel\nthe cat sat\tpos\nno \"quotes\" here\tneg\n\nso good\tpos\n");
        dir.Write("dev.tsv", "text\tlabel\nmeh\tneg\n");
        var task = Load(dir, new() { Train = "train.tsv", Dev = "dev.tsv" });
        Assert.Equal(["neg", "pos"], task.Labels);
        Assert.Equal(["train", "dev"], task.Splits);
        Assert.Equal(TargetKind.Classification, task.Target);
        Assert.False(task.IsPair);
        Assert.Equal(
            [new Example("train-2", "the cat sat", Label: 1), new Example("train-3", "no \"quotes\" here", Label: 0), new Example("train-5", "so good", Label: 1)],
            task.Get("train"));
        Assert.Equal([new Example("dev-2", "meh", Label: 0)], task.Get("dev"));
        Assert.Equal(["accuracy", "f1"], task.Metrics);
        Assert.Equal(0, task.Skipped);
        Assert.Empty(task.Notes);
    }

    [Fact]
    public void Given_labels_fix_the_order_and_unknown_labels_fail_with_file_and_line()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "text\tlabel\na\tpos\nb\tneg\n");
        dir.Write("dev.tsv", "text\tlabel\nc\tneg\nd\tmaybe\n");
        var p = new FileClassificationParameters { Train = "train.tsv", Dev = "dev.tsv", Labels = ["pos", "neg", "maybe"] };
        var task = Load(dir, p);
        Assert.Equal(["pos", "neg", "maybe"], task.Labels);
        Assert.Equal([0, 1], task.Get("train").Select(e => e.Label));
        Assert.Equal(["accuracy", "macro_f1"], task.Metrics);

        p.Labels = [];
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, p));
        Assert.Contains("dev.tsv line 3", error.Message);
        Assert.Contains("unknown label 'maybe'", error.Message);
    }

    [Fact]
    public void Integer_labels_sort_as_numbers()
    {
        using var dir = new TempFolder();
        dir.Write("t.tsv", "text\tlabel\na\t10\nb\t2\nc\t0\n");
        Assert.Equal(["0", "2", "10"], Load(dir, new() { Train = "t.tsv", Dev = "t.tsv" }).Labels);
    }

    [Fact]
    public void Csv_follows_rfc_4180_quoting()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", "label,sentence,other\r\n1,\"a, \"\"quoted\"\" text\",\"x\"\r\n0,plain,\"two\nlines\"\r\n1,\"spans\r\nlines\",y\r\n");
        var task = Load(dir, new() { Train = "train.csv", Dev = "train.csv", TextColumn = "sentence", PairColumn = "other" });
        Assert.True(task.IsPair);
        Assert.Equal(
            [new Example("train-2", "a, \"quoted\" text", "x", 1), new Example("train-3", "plain", "two\nlines", 0), new Example("train-5", "spans\r\nlines", "y", 1)],
            task.Get("train"));
    }

    [Fact]
    public void Bad_csv_quoting_is_malformed_and_reading_resumes_on_the_next_line()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", "text,label\nok,1\nbad \"quote\" inside,0\n\"closed\" trailing,1\nfine,0\n");
        var p = new FileClassificationParameters { Train = "train.csv", Dev = "train.csv" };
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, p));
        Assert.Contains("train.csv line 3", error.Message);

        p.SkipMalformed = true;
        var task = Load(dir, p);
        Assert.Equal(["ok", "fine"], task.Get("train").Select(e => e.Text));
        Assert.Equal(2, task.SkippedBySplit["train"]);
        Assert.Contains("train.csv line 4", task.Warnings[1]);
    }

    [Fact]
    public void Unterminated_quote_is_malformed()
    {
        using var dir = new TempFolder();
        dir.Write("train.csv", "text,label\nok,1\nfine,0\n\"never closed,1\n");
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, new() { Train = "train.csv", Dev = "train.csv" }));
        Assert.Contains("train.csv line 4", error.Message);
        Assert.Contains("unterminated", error.Message);
    }

    [Fact]
    public void Jsonl_reads_keys_strings_and_numbers()
    {
        using var dir = new TempFolder();
        dir.Write("train.jsonl", "{\"premise\": \"A \\\"b\\\"\", \"hypothesis\": \"c\", \"label\": 1}\n\n{\"premise\": \"d\", \"hypothesis\": \"e\", \"label\": 0, \"extra\": [1]}\n");
        var task = Load(dir, new() { Train = "train.jsonl", Dev = "train.jsonl", TextColumn = "premise", PairColumn = "hypothesis" });
        Assert.Equal(["0", "1"], task.Labels);
        Assert.Equal([new Example("train-1", "A \"b\"", "c", 1), new Example("train-3", "d", "e", 0)], task.Get("train"));
    }

    [Fact]
    public void Jsonl_missing_keys_and_bad_json_are_malformed()
    {
        using var dir = new TempFolder();
        dir.Write("train.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\"}\n{not json\n{\"text\": \"c\", \"label\": \"y\"}\n");
        var p = new FileClassificationParameters { Train = "train.jsonl", Dev = "train.jsonl", SkipMalformed = true };
        var task = Load(dir, p);
        Assert.Equal(["a", "c"], task.Get("train").Select(e => e.Text));
        Assert.Equal(2, task.SkippedBySplit["train"]);
        Assert.Equal(4, task.Skipped);
        Assert.Contains("skipped 4 malformed row(s)", Assert.Single(task.Notes));
        p.SkipMalformed = false;
        Assert.Contains("train.jsonl line 2: key 'label' is missing", Assert.Throws<InvalidDataException>(() => Load(dir, p)).Message);
    }

    [Fact]
    public void A_malformed_row_is_reported_at_its_line_before_labels_are_inferred_from_the_rest()
    {
        // Without skip_malformed the broken rows are the problem, not the one label left among the good rows.
        using var dir = new TempFolder();
        dir.Write("train.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"\n{\"text\": \"c\", \"label\": \"x\"}\n");
        var p = new FileClassificationParameters { Train = "train.jsonl", Dev = "train.jsonl" };
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, p));
        Assert.Contains("train.jsonl line 2: invalid JSON", error.Message);
        Assert.Contains("skip_malformed", error.Message);

        // With it, the labels come from the rows kept, and one label is too few.
        p.SkipMalformed = true;
        Assert.Contains("at least two labels, found 1 (x)", Assert.ThrowsAny<ArgumentException>(() => Load(dir, p)).Message);
    }

    [Fact]
    public void Without_a_header_columns_are_indices()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "src\t1\t\tfirst sentence\nsrc\t0\t*\tsecond one\n");
        var p = new FileClassificationParameters { Train = "train.tsv", Dev = "train.tsv", HasHeader = false, TextColumn = "3", LabelColumn = "1" };
        var task = Load(dir, p);
        Assert.Equal([new Example("train-1", "first sentence", Label: 1), new Example("train-2", "second one", Label: 0)], task.Get("train"));

        p.TextColumn = "text";
        Assert.Equal("text_column", Assert.Throws<ArgumentException>(() => Load(dir, p)).ParamName);
    }

    [Fact]
    public void With_a_header_index_columns_work_and_unknown_names_are_reported()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "a\tb\nx\t0\ny\t1\n");
        var task = Load(dir, new() { Train = "train.tsv", Dev = "train.tsv", TextColumn = "0", LabelColumn = "B" });
        Assert.Equal(["x", "y"], task.Get("train").Select(e => e.Text));
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, new() { Train = "train.tsv", Dev = "train.tsv", TextColumn = "sentence" }));
        Assert.Contains("'sentence' is not a column", error.Message);
        Assert.Contains("train.tsv", error.Message);
    }

    [Fact]
    public void Missing_columns_fail_with_file_and_line_or_are_skipped_and_counted()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "text\tlabel\na\t0\nno label here\nb\t1\nc\n");
        dir.Write("dev.tsv", "text\tlabel\nd\t1\n");
        var p = new FileClassificationParameters { Train = "train.tsv", Dev = "dev.tsv" };
        var error = Assert.Throws<InvalidDataException>(() => Load(dir, p));
        Assert.Contains("train.tsv line 3", error.Message);
        Assert.Contains("skip_malformed", error.Message);

        p.SkipMalformed = true;
        var task = Load(dir, p);
        Assert.Equal(["train-2", "train-4"], task.Get("train").Select(e => e.Id));
        Assert.Equal(2, task.Skipped);
        Assert.Equal(0, task.SkippedBySplit["dev"]);
        Assert.Equal(2, task.Warnings.Count);
        Assert.Contains("train.tsv line 5", task.Warnings[1]);
    }

    [Fact]
    public void Missing_files_name_the_parameter_and_the_resolved_path()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "text\tlabel\na\t0\nb\t1\n");
        var error = Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "train.tsv", Dev = "data/dev.tsv" }));
        Assert.Equal("dev", error.Parameter);
        Assert.StartsWith("dev = 'data/dev.tsv'", error.Message);
        Assert.Contains(Path.Combine(dir.Path, "data", "dev.tsv"), error.Message);
        Assert.Contains("test = ", Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "train.tsv", Dev = "train.tsv", Test = "nope.tsv" })).Message);
    }

    [Fact]
    public void A_folder_an_empty_file_or_a_pipe_is_refused_before_it_is_opened()
    {
        using var dir = new TempFolder();
        dir.Write("train.tsv", "text\tlabel\na\t0\nb\t1\n");
        dir.Write("empty.tsv", "");
        Directory.CreateDirectory(Path.Combine(dir.Path, "folder.tsv"));
        var pipe = Path.Combine(dir.Path, "pipe.tsv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();
        Assert.Contains("is a folder", Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "train.tsv", Dev = "folder.tsv" })).Message);
        Assert.Contains("is empty, or not a regular file", Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "train.tsv", Dev = "empty.tsv" })).Message);
        // A pipe with no writer: opening it would block; it is refused without being opened.
        Assert.Contains("not a regular file", Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "pipe.tsv", Dev = "train.tsv" })).Message);
    }

    [Fact]
    public void Test_split_is_optional_and_format_can_be_forced()
    {
        using var dir = new TempFolder();
        dir.Write("train.data", "text,label\na,0\nb,1\n");
        var task = Load(dir, new() { Train = "train.data", Dev = "train.data", Test = "train.data", Format = DataFormat.Csv, Metrics = ["mcc", "accuracy"] });
        Assert.Equal(["train", "dev", "test"], task.Splits);
        Assert.Equal(["test-2", "test-3"], task.Get("test").Select(e => e.Id));
        Assert.Equal(["mcc", "accuracy"], task.Metrics);
        Assert.Equal("format", Assert.Throws<ArgumentException>(() => Load(dir, new() { Train = "train.data", Dev = "train.data" })).ParamName);
        Assert.Equal("metrics", Assert.Throws<ArgumentException>(() => Load(dir, new() { Train = "train.data", Dev = "train.data", Format = DataFormat.Csv, Metrics = ["pearson"] })).ParamName);
    }
}
