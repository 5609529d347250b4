namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class SentimentTests
{
    [Fact]
    public void In_domain_reads_every_domain_drops_the_empty_item_and_duplicates()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Sentiment(dir);
        var task = (CorpusTask)new UciSentiment().Load(new UciSentimentParameters { Path = path }, dir.Context);
        Assert.Equal(["negative", "positive"], task.Labels);
        Assert.Equal(["accuracy", "f1"], task.Metrics);
        Assert.Equal(121, task.Count);
        Assert.Contains(task.Splits.SelectMany(task.Get), e => e.Id == "amazon-0040" && e.Text == "Same text everywhere." && e.Label == 1);
        Assert.Contains("skipped 3 empty item(s)", task.Notes[0]);
        Assert.Contains(task.Notes, n => n.StartsWith("dropped 2 duplicate(s)"));
    }

    [Fact]
    public void Cross_domain_tests_on_the_held_out_domain_only()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Sentiment(dir);
        var task = new UciSentiment().Load(new UciSentimentParameters { Path = path, Domains = ["amazon", "yelp"], TestDomain = "yelp" }, dir.Context);
        Assert.Equal(["train", "dev", "test"], task.Splits);
        Assert.All(task.Get("test"), e => Assert.StartsWith("yelp-", e.Id));
        Assert.Equal(40, task.Get("test").Count); // its copy of the shared sentence went with amazon's (smaller id)
        Assert.All(task.Get("train").Concat(task.Get("dev")), e => Assert.StartsWith("amazon-", e.Id));
        Assert.Throws<ArgumentException>(() => new UciSentiment().Load(new UciSentimentParameters { Path = path, Domains = ["amazon"], TestDomain = "imdb" }, dir.Context));
    }
}
