using Repro.Contracts;
using Repro.Plugins.Synthetic;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class SplitTests
{
    [Fact]
    public void Default_sizes_are_as_documented()
    {
        Assert.Equal([20_000, 1_000], Sizes(Tasks.Corpus()));
        Assert.Equal([120, 300, 1_200], Sizes(Tasks.Topic()));
        Assert.Equal([200, 300, 1_000], Sizes(Tasks.Agreement()));
        Assert.Equal([300, 300, 1_000], Sizes(Tasks.SameTopic()));
        Assert.Equal([200, 300, 1_000], Sizes(Tasks.Acceptability()));
    }

    [Fact]
    public void Configured_sizes_are_honoured()
    {
        Assert.Equal([70, 13], Sizes(Tasks.Corpus(new() { TrainSize = 70, DevSize = 13 })));
        Assert.Equal([12, 7, 9], Sizes(Tasks.Topic(new() { Topics = 4, TrainPerClass = 3, DevSize = 7, TestSize = 9 })));
        Assert.Equal([10, 11, 12], Sizes(Tasks.Agreement(new() { TrainSize = 10, DevSize = 11, TestSize = 12 })));
        Assert.Equal([4, 5, 6], Sizes(Tasks.SameTopic(new() { TrainSize = 4, DevSize = 5, TestSize = 6 })));
        Assert.Equal([8, 9, 3], Sizes(Tasks.Acceptability(new() { TrainSize = 8, DevSize = 9, TestSize = 3 })));
    }

    [Fact]
    public void Task_shapes_and_metrics_are_as_documented()
    {
        Assert.Equal((TargetKind.MaskedLm, false, 0), Shape(Tasks.Corpus()));
        Assert.Equal((TargetKind.Classification, false, 6), Shape(Tasks.Topic()));
        Assert.Equal((TargetKind.Classification, false, 2), Shape(Tasks.Agreement()));
        Assert.Equal((TargetKind.Classification, true, 2), Shape(Tasks.SameTopic()));
        Assert.Equal((TargetKind.Classification, false, 2), Shape(Tasks.Acceptability()));
        Assert.Equal(["accuracy", "loss", "perplexity"], Tasks.Corpus().Metrics);
        Assert.Equal(["accuracy", "macro_f1"], Tasks.Topic().Metrics);
        Assert.Equal(["accuracy", "f1", "mcc"], Tasks.Agreement().Metrics);
        Assert.Equal(["accuracy", "f1"], Tasks.SameTopic().Metrics);
        Assert.Equal(["accuracy", "f1", "mcc"], Tasks.Acceptability().Metrics);
        Assert.Equal(["topic-0", "topic-1", "topic-2", "topic-3", "topic-4", "topic-5"], Tasks.Topic().Labels);
        Assert.Equal(["ungrammatical", "grammatical"], Tasks.Agreement().Labels);
        Assert.Equal(["different", "same"], Tasks.SameTopic().Labels);
        Assert.Equal(["unacceptable", "acceptable"], Tasks.Acceptability().Labels);
        Assert.All(Tasks.Corpus().Get("train"), e => Assert.Equal(-1, e.Label));
    }

    [Theory, MemberData(nameof(Tasks.FineTuningIds), MemberType = typeof(Tasks))]
    public void Every_split_is_balanced(string id)
    {
        var task = Tasks.ById(id);
        foreach (var split in task.Splits)
        {
            var counts = Enumerable.Range(0, task.Labels.Count).Select(l => task.Get(split).Count(e => e.Label == l)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{id}/{split}: {string.Join(", ", counts)}");
        }
    }

    [Fact]
    public void Uneven_sizes_are_balanced_to_within_one()
    {
        var task = Tasks.Topic(new() { Topics = 4, TrainPerClass = 2, DevSize = 7, TestSize = 10 });
        Assert.Equal([2, 2, 2, 1], Enumerable.Range(0, 4).Select(l => task.Get("dev").Count(e => e.Label == l)));
    }

    [Theory, MemberData(nameof(DeterminismTests.AllIds), MemberType = typeof(DeterminismTests))]
    public void Ids_are_unique_and_no_sentence_occurs_twice(string id)
    {
        var task = Tasks.ById(id);
        var ids = task.Splits.SelectMany(task.Get).Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var sentences = Tasks.AllSentences(task).ToList();
        Assert.Equal(sentences.Count, sentences.Distinct().Count());
    }

    [Theory, MemberData(nameof(Tasks.FineTuningIds), MemberType = typeof(Tasks))]
    public void No_fine_tuning_sentence_occurs_in_the_corpus(string id)
    {
        var corpus = Tasks.AllSentences(Tasks.Corpus()).ToHashSet();
        var leaked = Tasks.AllSentences(Tasks.ById(id)).Where(corpus.Contains).ToList();
        Assert.Empty(leaked);
    }

    [Fact]
    public void Corpus_and_tasks_draw_from_disjoint_halves_of_the_text_space()
    {
        Assert.All(Tasks.AllSentences(Tasks.Corpus()), t => Assert.Equal(TextPartition.Corpus, TextPartitions.Of(t)));
        foreach (var id in new[] { "synthetic-topic", "synthetic-agreement", "synthetic-same-topic", "synthetic-acceptability" })
            Assert.All(Tasks.AllSentences(Tasks.ById(id)), t => Assert.Equal(TextPartition.HeldOut, TextPartitions.Of(t)));
    }

    [Fact]
    public void Test_and_dev_do_not_move_when_the_train_size_changes()
    {
        var small = Tasks.Agreement(new() { TrainSize = 20 });
        Assert.Equal(Tasks.Agreement().Get("test"), small.Get("test"));
        Assert.Equal(Tasks.Agreement().Get("dev"), small.Get("dev"));
        var fewShot = Tasks.Acceptability(new() { TrainSize = 20 });
        Assert.Equal(Tasks.Acceptability().Get("test"), fewShot.Get("test"));
        Assert.Equal(Tasks.Acceptability().Get("dev"), fewShot.Get("dev"));
        Assert.Equal(Tasks.Topic().Get("train").Take(30), Tasks.Topic(new() { TrainPerClass = 5 }).Get("train"));
    }

    [Fact]
    public void Sentences_fit_the_encoders_32_tokens()
    {
        foreach (var id in new[] { "synthetic-corpus", "synthetic-topic", "synthetic-agreement", "synthetic-acceptability" })
            Assert.All(Tasks.AllSentences(Tasks.ById(id)), t => Assert.InRange(Tasks.Words(t).Length, 5, 20));
        Assert.All(Tasks.SameTopic().Get("test"), e => Assert.True(Tasks.Words(e.Text).Length + Tasks.Words(e.Pair!).Length + 3 <= 32));
    }

    private static int[] Sizes(ITask task) => [.. task.Splits.Select(s => task.Get(s).Count)];

    private static (TargetKind, bool, int) Shape(ITask task) => (task.Target, task.IsPair, task.Labels.Count);
}
