using Repro.Contracts;
namespace Repro.Plugins.Files.Tests;

/// <summary>Devices, binary files and runaway fields are refused with the file and line, not read into memory.</summary>
[Trait("Category", "Unit")]
public class DataFileLimitTests
{
    private static void Load(TempFolder dir, FileClassificationParameters p) => new FileClassification().Load(p, dir.Context);

    [Fact]
    public void A_device_that_never_ends_is_refused_before_it_is_opened()
    {
        using var dir = new TempFolder();
        dir.Write("dev.tsv", "text\tlabel\na\tpos\nb\tneg\n");

        var error = Assert.Throws<ParameterException>(() => Load(dir, new() { Train = "/dev/zero", Format = DataFormat.Tsv, Dev = "dev.tsv" }));

        Assert.Equal("train", error.Parameter);
        Assert.Equal("train = '/dev/zero' is empty, or not a regular file (a device or a pipe): /dev/zero", error.Message);
    }

    [Fact]
    public void A_quoted_csv_field_left_open_is_refused_at_the_line_where_it_runs_out_of_room()
    {
        using var dir = new TempFolder();
        var tail = string.Concat(Enumerable.Repeat(new string('x', 1000) + "\n", 3));
        dir.Write("train.csv", "text,label\nfine,pos\n\"open" + new string('y', BoundedTextReader.MaxLineChars) + "\n" + tail);
        dir.Write("dev.csv", "text,label\na,pos\nb,neg\n");

        var error = Assert.Throws<InvalidDataException>(() => Load(dir, new() { Train = "train.csv", Dev = "dev.csv" }));

        Assert.StartsWith($"{Path.Combine(dir.Path, "train.csv")} line 3: longer than 1,048,576 characters", error.Message);
    }

    [Fact]
    public void A_long_line_within_the_limit_is_read_whole()
    {
        using var dir = new TempFolder();
        var text = new string('w', BoundedTextReader.MaxLineChars - 10);
        dir.Write("train.tsv", $"text\tlabel\n{text}\tpos\nb\tneg\n");
        dir.Write("dev.tsv", "text\tlabel\na\tpos\nb\tneg\n");

        var task = (FileTask)new FileClassification().Load(new FileClassificationParameters { Train = "train.tsv", Dev = "dev.tsv" }, dir.Context);

        Assert.Equal(text, task.Get("train")[0].Text);
    }
}
