using Repro.Contracts;
using Repro.Plugins.Corpora.Brown;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class BrownRealFakeTests
{
    [Fact]
    public void Ngram_samples_walk_only_seen_ngrams_and_repeat_with_the_generator_state()
    {
        var model = new NgramModel(["a b c", "a b d", "x b c"], order: 2);
        var seen = new HashSet<string>(["<s> a", "<s> x", "a b", "x b", "b c", "b d"]);
        var rng = new Rng(5);
        var samples = Enumerable.Range(0, 200).Select(_ => model.Sample(rng, maxWords: 10)!).ToList();

        Assert.All(samples, s =>
        {
            var words = ("<s> " + s).Split(' ');
            for (var i = 1; i < words.Length; i++) Assert.Contains($"{words[i - 1]} {words[i]}", seen);
        });
        Assert.Contains("x b d", samples);   // a bigram walk recombines: never in the corpus
        Assert.Equal(["a b c", "a b d", "x b c", "x b d"], samples.Distinct().Order(StringComparer.Ordinal));
        var again = new Rng(5);
        Assert.Equal(samples, Enumerable.Range(0, 200).Select(_ => model.Sample(again, 10)!));
        var capped = new NgramModel(["a a a a a a"], order: 2);
        var capRng = new Rng(1);
        var short_ = Enumerable.Range(0, 50).Select(_ => capped.Sample(capRng, maxWords: 2)).ToList();
        Assert.All(short_, x => Assert.True(x is null || x.Split(' ').Length <= 2, x));
        Assert.Contains(null, short_);   // a walk longer than max_words is given up, not cut
    }

    [Fact]
    public void Task_balances_real_and_fake_keeps_brown_splits_and_never_labels_a_real_sentence_fake()
    {
        using var dir = new TempFolder();
        var subjects = new[] { "The/at jury/nn", "A/at farmer/nn", "The/at mayor/nn", "Her/pp$ sister/nn", "The/at old/jj dog/nn" };
        var verbs = new[] { "said/vbd", "thought/vbd", "wrote/vbd", "heard/vbd" };
        var objects = new[] { "that/cs it/pps rained/vbd", "nothing/pn new/jj", "the/at news/nn today/nr", "a/at long/jj letter/nn" };
        // Half of the subject × verb × object sentences: a bigram walk also builds the other half, which is not real.
        var lines = from i in Enumerable.Range(0, subjects.Length) from j in Enumerable.Range(0, verbs.Length) from k in Enumerable.Range(0, objects.Length)
                    where (i + j + k) % 2 == 0 select $"\t{subjects[i]} {verbs[j]} {objects[k]} ./.";
        dir.Write("brown/cats.txt", "ca01 news\n");
        dir.Write("brown/ca01", string.Join("\n\n", lines) + "\n");

        var task = (CorpusTask)new BrownRealFake().Load(new BrownRealFakeParameters { Path = "brown", PerClass = 40, Order = 2, MinWords = 4 }, dir.Context);

        Assert.Equal(["real", "fake"], task.Labels);
        var all = task.Splits.SelectMany(s => task.Get(s).Select(e => (Split: s, Example: e))).ToList();
        var real = all.Where(x => x.Example.Label == 0).ToList();
        var fake = all.Where(x => x.Example.Label == 1).ToList();
        Assert.Equal(40, real.Count);
        Assert.InRange(fake.Count, 10, 40);   // identical fakes are deduplicated
        var realTexts = real.Select(x => x.Example.Text.ToLowerInvariant()).ToHashSet();
        Assert.DoesNotContain(fake, x => realTexts.Contains(x.Example.Text.ToLowerInvariant()));
        Assert.All(real, x => Assert.Equal(BrownCorpus.Split.Of(x.Example.Id), x.Split));
        Assert.Contains(task.Notes, n => n.StartsWith("sampled 40 fakes from a 2-gram model"));

        var again = (CorpusTask)new BrownRealFake().Load(new BrownRealFakeParameters { Path = "brown", PerClass = 40, Order = 2, MinWords = 4 }, dir.Context);
        Assert.Equal(TaskFingerprint.Compute(task), TaskFingerprint.Compute(again));
        var otherSeed = new BrownRealFake().Load(new BrownRealFakeParameters { Path = "brown", PerClass = 40, Order = 2, MinWords = 4, Seed = 2 }, dir.Context);
        Assert.NotEqual(TaskFingerprint.Compute(task), TaskFingerprint.Compute(otherSeed));
    }
}
