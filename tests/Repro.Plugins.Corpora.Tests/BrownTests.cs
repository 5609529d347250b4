namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class BrownTests
{
    [Fact]
    public void Tags_are_removed_and_brown_tokenization_is_undone()
    {
        Assert.Equal("The jury said \"no evidence\" was found.", Brown.BrownText.Detag("The/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ./."));
        Assert.Equal("It rained (again); 1/2 inch fell.", Brown.BrownText.Detag("It/pps rained/vbd (/( again/rb )/) ;/. 1/2/cd inch/nn fell/vbd ./."));
    }

    [Fact]
    public void Sentences_are_masked_lm_examples_with_file_ids_deduplicated_and_filtered()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Brown(dir);
        var task = (CorpusTask)new BrownCorpus().Load(new BrownParameters { Path = path }, dir.Context);
        var all = task.Splits.SelectMany(task.Get).ToList();
        Assert.Equal(Repro.Contracts.TargetKind.MaskedLm, task.Target);
        Assert.Equal(["ca01:0000", "ca01:0002", "cb01:0001"], all.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Contains(all, e => e.Text == "Editors do n't agree, he said.");
        Assert.Contains(task.Notes, n => n.Contains("dropped 1 sentence(s) under min_words = 3"));
        Assert.Contains(task.Notes, n => n.Contains("dropped 1 duplicate(s)"));
    }

    [Fact]
    public void Genres_filter_and_unknown_genres_are_named()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Brown(dir);
        var task = new BrownCorpus().Load(new BrownParameters { Path = path, Genres = ["editorial"] }, dir.Context);
        Assert.All(task.Splits.SelectMany(task.Get), e => Assert.StartsWith("cb01:", e.Id));
        var error = Assert.Throws<ArgumentException>(() => new BrownCorpus().Load(new BrownParameters { Path = path, Genres = ["poetry"] }, dir.Context));
        Assert.Contains("unknown genre(s) poetry; the corpus has editorial, news", error.Message);
    }

    [Fact]
    public void Max_sentences_keeps_the_lowest_ranks_and_says_so()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Brown(dir);
        var task = (CorpusTask)new BrownCorpus().Load(new BrownParameters { Path = path, MaxSentences = 2 }, dir.Context);
        Assert.Equal(2, task.Count);
        Assert.Contains(task.Notes, n => n.StartsWith("subsampled 2 of 3 examples"));
    }
}
