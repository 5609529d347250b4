using Repro.Plugins.Synthetic;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class SameTopicTests
{
    private static readonly Lazy<ParsedExample[]> Examples =
        new(() => [.. SyntheticSameTopic.Generate(new SyntheticSameTopicParameters()).Values.SelectMany(s => s)]);

    [Fact]
    public void The_parses_match_the_task()
    {
        var task = Tasks.SameTopic();
        Assert.Equal(task.Splits.SelectMany(task.Get), Examples.Value.Select(p => p.Example));
        Assert.All(Examples.Value, p => Assert.Equal((p.Example.Text, p.Example.Pair), (p.Parse.Text, p.PairParse!.Text)));
    }

    [Fact]
    public void Same_means_both_sentences_come_from_one_topic() =>
        Assert.All(Examples.Value, p => Assert.Equal(p.Example.Label == 1, p.Parse.Topic == p.PairParse!.Topic));

    [Fact]
    public void Every_topic_occurs_in_same_and_in_different_pairs()
    {
        foreach (var label in new[] { 0, 1 })
            Assert.Equal(6, Examples.Value.Where(p => p.Example.Label == label).Select(p => p.Parse.Topic).Distinct().Count());
    }
}
