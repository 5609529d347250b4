using Repro.Contracts;

namespace Repro.Plugins.Files.Tests;

[Trait("Category", "Unit")]
public class FileTaggingTests
{
    private static ITask Load(TempFolder dir, FileTaggingParameters p) => new FileTagging().Load(p, dir.Context);

    [Fact]
    public void Conll_sentences_become_words_and_tags_with_o_first_and_entity_metrics_for_iob2()
    {
        using var dir = new TempFolder();
        // CoNLL-2003's four columns: the tag is the last; -DOCSTART- and blank lines separate sentences.
        dir.Write("train.conll", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n");
        var task = Load(dir, new() { Train = "train.conll", Dev = "train.conll" });
        Assert.Equal(TargetKind.TokenClassification, task.Target);
        Assert.Equal(["O", "B-ORG", "B-PER", "I-PER"], task.Labels);
        var train = task.Get("train");
        Assert.Equal(["train-3", "train-6"], train.Select(e => e.Id));
        Assert.Equal(["EU", "rejects"], train[0].Words);
        Assert.Equal([1, 0], train[0].Tags);
        Assert.Equal("Peter Blackburn", train[1].Text);
        Assert.Equal([MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1], task.Metrics);
    }

    [Fact]
    public void A_tagset_that_is_not_iob2_reports_token_accuracy_only()
    {
        using var dir = new TempFolder();
        dir.Write("train.txt", "dogs\tNOUN\nbark\tVERB\n");
        Assert.Equal([MetricNames.TokenAccuracy], Load(dir, new() { Train = "train.txt", Dev = "train.txt" }).Metrics);
    }

    [Fact]
    public void Bad_lines_and_unknown_tags_are_named_with_their_line()
    {
        using var dir = new TempFolder();
        dir.Write("train.txt", "dogs\tNOUN\nbark\tVERB\n");
        dir.Write("dev.txt", "dogs\tNOUN\n\ncats ADJ\n");
        dir.Write("bad.txt", "dogs\tNOUN\nbark\n");
        var unknown = Assert.Throws<PluginInputException>(() => Load(dir, new() { Train = "train.txt", Dev = "dev.txt" }));
        Assert.Contains("dev.txt line 3: unknown tag 'ADJ' (tags: NOUN, VERB)", unknown.Message);
        var bad = Assert.Throws<PluginInputException>(() => Load(dir, new() { Train = "bad.txt", Dev = "train.txt" }));
        Assert.Contains("bad.txt line 2: expected a word and its tag", bad.Message);
        var metric = Assert.Throws<ArgumentException>(() => Load(dir, new() { Train = "train.txt", Dev = "train.txt", Metrics = ["accuracy"] }));
        Assert.Equal("metrics", metric.ParamName);
    }
}
