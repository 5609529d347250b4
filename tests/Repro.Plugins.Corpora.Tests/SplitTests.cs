using Repro.Contracts;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class SplitTests
{
    [Fact]
    public void The_split_of_an_id_is_fixed_by_sha256_alone()
    {
        var split = new StableSplit("t");
        Assert.Equal(split.Of("x"), new StableSplit("t").Of("x"));
        Assert.Equal(0x2d711642b726b044UL, StableRank.Of("x")); // first 8 bytes of SHA-256("x")
        var counts = Enumerable.Range(0, 20_000).GroupBy(i => split.Of($"id-{i}")).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts["test"], 1800, 2200);
        Assert.InRange(counts["dev"], 1800, 2200);
    }

    [Fact]
    public void No_text_is_in_two_splits_and_splits_do_not_depend_on_the_other_examples()
    {
        var candidates = Enumerable.Range(0, 600).Select(i => new Candidate($"c{i:D4}", $"Text  {i % 200}", (i % 3 == 0 ? "a" : "b"))).ToList();
        candidates.AddRange(Enumerable.Range(0, 50).Select(i => new Candidate($"u{i:D4}", $"unique {i}", "a")));
        ITask Build(IEnumerable<Candidate> c) => new CorpusBuilder("t", TargetKind.Classification, false, [MetricNames.Accuracy]).Build(c, new StableSplit("t"), ClassLimits.None);
        var task = Build(candidates);
        var texts = task.Splits.SelectMany(s => task.Get(s).Select(e => (Split: s, Key: e.Text.ToLowerInvariant()))).ToList();
        Assert.Equal(texts.Count, texts.Select(t => t.Key).Distinct().Count());
        var smaller = Build(candidates.Where(c => c.Id.StartsWith('u')));
        foreach (var split in smaller.Splits)
            Assert.All(smaller.Get(split), e => Assert.Contains(task.Get(split), x => x.Id == e.Id));
        Assert.Equal(Build(candidates.AsEnumerable().Reverse()).Splits.Select(s => Build(candidates).Get(s)), task.Splits.Select(task.Get));
    }
}
