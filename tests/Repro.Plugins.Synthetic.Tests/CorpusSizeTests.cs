namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class CorpusSizeTests
{
    /// <summary>The default corpus is 20,000 training sentences, and generating it twice gives the same sentences.</summary>
    [Fact]
    public void The_default_corpus_has_20000_training_sentences_and_is_the_same_twice()
    {
        var corpus = Tasks.Corpus(new());
        var again = Tasks.Corpus(new());
        Assert.Equal(20_000, corpus.Get("train").Count);
        Assert.Equal(corpus.Get("train").Take(50).Select(e => e.Text), again.Get("train").Take(50).Select(e => e.Text));
    }
}
