namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class GcideTests
{
    [Fact]
    public void Field_labelled_definitions_are_found_cleaned_and_wordnet_blocks_dropped()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Gcide(dir);
        var task = (CorpusTask)new GcideField().Load(new GcideFieldParameters { Path = path, MinPerClass = 1 }, dir.Context);
        Assert.Equal(["Zool", "Law"], task.Labels); // by frequency; Bot lost its one text to a label conflict, Anat came from WordNet 1.5 only
        var all = task.Splits.SelectMany(task.Get).ToDictionary(e => e.Id);
        Assert.Equal(["Tort~2/1", "Wolf/1", "Wolf/2", "Wolf/3"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Any one of several species of wild carnivores allied to the dog.", 0), (all["Wolf/1"].Text, all["Wolf/1"].Label));
        Assert.Equal("A wrongful act done by a person.", all["Wolf/2"].Text);
        Assert.Equal("a spider that runs down its oeprey.", all["Wolf/3"].Text);
        Assert.Contains(task.Notes, n => n.StartsWith("dropped 1 [WordNet 1.5] block(s)"));
        Assert.Contains(task.Notes, n => n.Contains("dropped 2 example(s) of 1 identical text(s) that carry different labels"));
    }

    [Fact]
    public void Fields_can_be_chosen_and_unknown_fields_are_named()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Gcide(dir);
        var task = new GcideField().Load(new GcideFieldParameters { Path = path, Fields = ["Zool.", "Law"], MinPerClass = 1 }, dir.Context);
        Assert.Equal(["Zool", "Law"], task.Labels);
        var error = Assert.Throws<ArgumentException>(() => new GcideField().Load(new GcideFieldParameters { Path = path, Fields = ["Astron"] }, dir.Context));
        Assert.Contains("Astron label no definition; the most frequent fields are Zool (3)", error.Message);
    }

    [Fact]
    public void Dictd_numbers_round_trip()
    {
        Assert.Equal(1612541, Gcide.GcideReader.Decode(Gcide.GcideReader.Encode(1612541), "i", 1));
        Assert.Equal(3902, Gcide.GcideReader.Decode("8+", "i", 1));
    }
}
