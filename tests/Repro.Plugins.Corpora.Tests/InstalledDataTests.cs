using Repro.Contracts;
using Xunit.Abstractions;

namespace Repro.Plugins.Corpora.Tests;

/// <summary>
/// Each task on the real, installed source with default parameters. They assume ./install-data.sh ran; a missing
/// source fails with the message that names the package, its install command and install-data.sh.
/// The ranges bracket the counts measured on the pinned package versions (docs/corpora.md).
/// </summary>
[Trait("Category", "Integration")]
public sealed class InstalledDataTests(ITestOutputHelper output)
{
    private static readonly TaskContext Context = new(".", 0);

    private CorpusTask Load(ITask loaded)
    {
        var task = (CorpusTask)loaded;
        foreach (var split in task.Splits)
        {
            var examples = task.Get(split);
            var classes = task.Target != TargetKind.Classification ? "" : " (" + string.Join(", ", task.Labels.Select((l, i) => $"{l} {examples.Count(e => e.Label == i)}")) + ")";
            output.WriteLine($"{split}: {examples.Count}{classes}");
        }
        foreach (var note in task.Notes) output.WriteLine($"note: {note}");
        var keys = task.Splits.SelectMany(s => task.Get(s).Select(e => TextKey.Of(e.Text, e.Pair))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        return task;
    }

    [Fact]
    public void Brown_has_about_54k_sentences()
    {
        var task = Load(new BrownCorpus().Load(new BrownParameters(), Context));
        Assert.InRange(task.Count, 50_000, 57_340);
        Assert.InRange(task.Get("test").Count, 2_000, 3_500);
    }

    [Fact]
    public void Brown_pos_tags_every_word_and_keeps_documents_apart()
    {
        var task = Load(new BrownPos().Load(new BrownPosParameters(), Context));
        Assert.Equal(12, task.Labels.Count);
        Assert.InRange(task.Count, 50_000, 57_340);
        Assert.All(task.Splits.SelectMany(task.Get), e => Assert.Equal(e.Words!.Count, e.Tags!.Count));
        var documents = task.Splits.ToDictionary(s => s, s => task.Get(s).Select(e => e.Id.Split(':')[0]).ToHashSet());
        Assert.Empty(documents["train"].Intersect(documents["test"]));
        Assert.Empty(documents["train"].Intersect(documents["dev"]));
        foreach (var split in task.Splits)
            output.WriteLine($"{split}: {documents[split].Count} documents, {task.Get(split).Sum(e => e.Words!.Count)} words; " +
                string.Join(", ", task.Labels.Select((l, i) => $"{l} {task.Get(split).Sum(e => e.Tags!.Count(t => t == i))}")));
    }

    [Fact]
    public void Brown_names_label_every_word_with_well_formed_spans_and_keep_documents_apart()
    {
        var task = Load(new BrownNames().Load(new BrownNamesParameters(), Context));
        Assert.Equal(BrownNames.Labels, task.Labels);
        Assert.InRange(task.Count, 5_000, 7_000);
        var all = task.Splits.SelectMany(task.Get).ToList();
        Assert.All(all, e => Assert.Equal(e.Words!.Count, e.Tags!.Count));
        // Every sentence has a name (names_only), and an I- tag only continues a span of its own type.
        Assert.All(all, e => Assert.Contains(e.Tags!, t => task.Labels[t].StartsWith("B-", StringComparison.Ordinal)));
        Assert.All(all, e => Assert.All(Enumerable.Range(0, e.Tags!.Count).Where(i => task.Labels[e.Tags[i]].StartsWith("I-", StringComparison.Ordinal)),
            i => Assert.Equal(task.Labels[e.Tags[i]][2..], task.Labels[e.Tags[i - 1]][2..])));
        var documents = task.Splits.ToDictionary(s => s, s => task.Get(s).Select(e => e.Id.Split(':')[0]).ToHashSet());
        Assert.Empty(documents["train"].Intersect(documents["test"]));
        foreach (var split in task.Splits)
            output.WriteLine($"{split}: {task.Get(split).Count} sentences, {task.Get(split).Sum(e => e.Words!.Count)} words; spans " +
                string.Join(", ", new[] { "PER", "LOC", "MISC" }.Select(type => $"{type} {task.Get(split).Sum(e => e.Tags!.Count(t => task.Labels[t] == "B-" + type))}")));
    }

    [Fact]
    public void Real_fake_is_balanced_and_its_real_test_sentences_are_not_brown_training_text()
    {
        var task = Load(new BrownRealFake().Load(new BrownRealFakeParameters(), Context));
        Assert.Equal(3000, task.Splits.SelectMany(task.Get).Count(e => e.Label == 0));
        Assert.InRange(task.Splits.SelectMany(task.Get).Count(e => e.Label == 1), 2_950, 3000);
        var brownTrain = new BrownCorpus().Load(new BrownParameters(), Context).Get("train").Select(e => TextKey.Of(e.Text)).ToHashSet();
        Assert.DoesNotContain(task.Get("test").Concat(task.Get("dev")), e => brownTrain.Contains(TextKey.Of(e.Text)));
    }

    [Fact]
    public void Supersense_has_25_noun_classes()
    {
        var task = Load(new WordNetSupersense().Load(new WordNetSupersenseParameters(), Context));
        Assert.Equal(25, task.Labels.Count);
        Assert.InRange(task.Count, 9_000, 10_000);
    }

    [Fact]
    public void Gloss_match_is_balanced()
    {
        var task = Load(new WordNetGlossMatch().Load(new WordNetGlossMatchParameters(), Context));
        Assert.InRange(task.Count, 5_900, 6_000);
        var train = task.Get("train");
        Assert.Equal(train.Count(e => e.Label == 0), train.Count(e => e.Label == 1));
    }

    [Fact]
    public void Gcide_has_8_fields()
    {
        var task = Load(new GcideField().Load(new GcideFieldParameters(), Context));
        Assert.Equal(["Zool", "Bot", "Chem", "Med", "Anat", "Naut", "Law", "Min"], task.Labels);
        Assert.InRange(task.Count, 3_900, 4_000);
        Assert.DoesNotContain(task.Splits.SelectMany(task.Get), e => e.Text.Contains("WordNet", StringComparison.Ordinal));
    }

    [Fact]
    public void Sentiment_has_3_by_1000_sentences()
    {
        var task = Load(new UciSentiment().Load(new UciSentimentParameters(), Context));
        Assert.InRange(task.Count, 2_950, 3_000);
    }

    [Fact]
    public void Spam_has_1500_per_class()
    {
        var task = Load(new SpamAssassin().Load(new SpamAssassinParameters(), Context));
        Assert.Equal(3_000, task.Count);
    }

    /// <summary>The leakage check the engine runs, done once here: no evaluation text of a task is Brown pretraining text.</summary>
    [Fact]
    public void No_evaluation_text_is_in_brown()
    {
        var brown = new BrownCorpus().Load(new BrownParameters(), Context).Get("train").Select(e => TextKey.Of(e.Text)).ToHashSet(StringComparer.Ordinal);
        ITask[] tasks =
        [
            new WordNetSupersense().Load(new WordNetSupersenseParameters(), Context),
            new GcideField().Load(new GcideFieldParameters(), Context),
            new UciSentiment().Load(new UciSentimentParameters(), Context),
            new SpamAssassin().Load(new SpamAssassinParameters(), Context),
        ];
        foreach (var task in tasks)
            foreach (var split in task.Splits.Where(s => s != "train"))
                Assert.DoesNotContain(task.Get(split), e => brown.Contains(TextKey.Of(e.Text)));
    }
}
