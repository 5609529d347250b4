using Repro.Contracts;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class BrownPosTests
{
    [Theory]
    [InlineData("nn", "NOUN")]
    [InlineData("np$", "NOUN")]          // possessive dropped
    [InlineData("nn-tl", "NOUN")]        // title suffix dropped
    [InlineData("jj-tl-hl", "ADJ")]      // both suffixes
    [InlineData("fw-nn", "X")]           // foreign word
    [InlineData("fw-in-tl", "X")]
    [InlineData("pps+bez", "PRON")]      // "it's": the first part
    [InlineData("bez*", "VERB")]         // "isn't": negation dropped
    [InlineData("*", "ADV")]             // "not"
    [InlineData("pp$", "PRON")]          // possessive pronoun kept as one
    [InlineData("wp$", "PRON")]
    [InlineData("cs", "ADP")]
    [InlineData("``", ".")]
    [InlineData("to", "PRT")]
    [InlineData("BEDZ", "VERB")]         // case ignored
    public void Brown_tags_map_to_universal_tags(string brown, string universal)
    {
        Assert.Equal(universal, Brown.BrownTagset.Map(brown, out var known));
        Assert.True(known);
    }

    [Fact]
    public void An_unknown_base_tag_is_X_and_flagged()
    {
        Assert.Equal("X", Brown.BrownTagset.Map("zz", out var known));
        Assert.False(known);
    }

    [Fact]
    public void Sentences_become_words_with_one_tag_each_split_by_document()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Brown(dir);
        var task = (CorpusTask)new BrownPos().Load(new BrownPosParameters { Path = path }, dir.Context);
        Assert.Equal(TargetKind.TokenClassification, task.Target);
        Assert.Equal(12, task.Labels.Count);
        var all = task.Splits.SelectMany(task.Get).ToList();
        // cb01:0000 is ca01:0000 but for case: dropped as a duplicate; "Short ." is kept (min_words 1).
        Assert.Equal(["ca01:0000", "ca01:0001", "ca01:0002", "cb01:0001"], all.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Contains(task.Notes, n => n.Contains("dropped 1 duplicate(s)"));
        var jury = all.Single(e => e.Id == "ca01:0000");
        Assert.Equal(["The", "jury", "said", "\"", "no", "evidence", "\"", "was", "found", "."], jury.Words);
        Assert.Equal(["DET", "NOUN", "VERB", ".", "DET", "NOUN", ".", "VERB", "VERB", "."], jury.Tags!.Select(t => task.Labels[t]));
        Assert.Equal(string.Join(' ', jury.Words!), jury.Text);
        var editors = all.Single(e => e.Id == "cb01:0001");
        Assert.Equal(["NOUN", "VERB", "ADV", "VERB", ".", "PRON", "VERB", "."], editors.Tags!.Select(t => task.Labels[t]));
        // Split by document: every sentence of a file is in its file's split.
        foreach (var split in task.Splits)
            Assert.All(task.Get(split), e => Assert.Equal(split, BrownPos.Split.Of(e.Id.Split(':')[0])));
    }
}
