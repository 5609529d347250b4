using Repro.Plugins.Synthetic;
using Xunit.Abstractions;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class TopicTests(ITestOutputHelper output)
{
    private const int Topics = 6;
    private static readonly Lexicon Lexicon = SyntheticLanguage.For(new LanguageParameters()).Lexicon;

    private static IEnumerable<(string, int)> Test => Tasks.Topic().Get("test").Select(e => (e.Text, e.Label));

    [Fact]
    public void Naive_Bayes_on_the_topic_labelled_corpus_is_well_above_chance_but_not_perfect()
    {
        var corpus = SyntheticCorpus.Generate(new SyntheticCorpusParameters { TrainSize = 6_000, DevSize = 10 })["train"];
        var accuracy = new NaiveBayes(corpus.Select(p => (p.Example.Text, p.Parse.Topic)), Topics).Accuracy(Test);
        output.WriteLine($"Naive Bayes on 6000 corpus sentences: {accuracy:F3}");
        Assert.InRange(accuracy, 1.5 / Topics, 0.98);
    }

    [Fact]
    public void Few_shot_Naive_Bayes_is_above_chance_and_well_below_what_more_data_gives()
    {
        var fewShot = new NaiveBayes(Tasks.Topic().Get("train").Select(e => (e.Text, e.Label)), Topics).Accuracy(Test);
        var corpus = SyntheticCorpus.Generate(new SyntheticCorpusParameters { TrainSize = 6_000, DevSize = 10 })["train"];
        var full = new NaiveBayes(corpus.Select(p => (p.Example.Text, p.Parse.Topic)), Topics).Accuracy(Test);
        output.WriteLine($"Naive Bayes on 20 per topic: {fewShot:F3}; on 6000: {full:F3}");
        Assert.True(fewShot > 1.5 / Topics, $"few-shot {fewShot:F3}");
        Assert.True(full - fewShot > 0.1, $"few-shot {fewShot:F3}, full {full:F3}");
    }

    [Fact]
    public void Voting_by_topic_words_is_not_perfect_because_some_sentences_have_none()
    {
        var test = Tasks.Topic().Get("test");
        var withoutTopicWord = test.Count(e => TopicWords(e.Text).Count == 0);
        var accuracy = test.Average(e => TopicWords(e.Text).GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key).DefaultIfEmpty(0).First() == e.Label ? 1.0 : 0.0);
        output.WriteLine($"topic-word vote: {accuracy:F3}; sentences without topic words: {withoutTopicWord}");
        Assert.True(withoutTopicWord > 0.02 * test.Count, $"{withoutTopicWord} of {test.Count}");
        Assert.InRange(accuracy, 1.5 / Topics, 0.98);
    }

    [Fact]
    public void A_single_topic_word_usually_but_not_always_names_the_topic()
    {
        var votes = Tasks.Topic().Get("test").SelectMany(e => TopicWords(e.Text).Select(t => t == e.Label ? 1.0 : 0.0)).ToList();
        output.WriteLine($"topic words naming the sentence's topic: {votes.Average():F3} of {votes.Count}");
        Assert.InRange(votes.Average(), 0.75, 0.97);
    }

    [Fact]
    public void No_single_content_word_is_always_present_in_a_topic()
    {
        foreach (var topic in Enumerable.Range(0, Topics))
        {
            var sentences = Tasks.Topic().Get("test").Where(e => e.Label == topic).Select(e => Tasks.Words(e.Text).ToHashSet()).ToList();
            var shared = sentences.Skip(1).Aggregate(sentences[0], (a, b) => [.. a.Intersect(b)]);
            Assert.DoesNotContain(shared, w => Lexicon.TryLookup(w, out _, out _));
        }
    }

    private static List<int> TopicWords(string text) =>
        [.. Tasks.Words(text).Select(w => Lexicon.TryLookup(w, out var l, out _) ? l.Topic : null).OfType<int>()];
}
