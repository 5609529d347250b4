using Repro.Contracts;
using Repro.Plugins.Synthetic;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class DeterminismTests
{
    private static ITask Small(string id, long seed = 1234, long dataSeed = 7)
    {
        var context = new TaskContext(".", dataSeed);
        return id switch
        {
            "synthetic-corpus" => Tasks.Corpus(new() { LanguageSeed = seed, TrainSize = 300, DevSize = 50 }, context),
            "synthetic-topic" => Tasks.Topic(new() { LanguageSeed = seed, TrainPerClass = 5, DevSize = 30, TestSize = 60 }, context),
            "synthetic-agreement" => Tasks.Agreement(new() { LanguageSeed = seed, TrainSize = 40, DevSize = 20, TestSize = 40 }, context),
            "synthetic-same-topic" => Tasks.SameTopic(new() { LanguageSeed = seed, TrainSize = 40, DevSize = 20, TestSize = 40 }, context),
            "synthetic-acceptability" => Tasks.Acceptability(new() { LanguageSeed = seed, TrainSize = 40, DevSize = 20, TestSize = 40 }, context),
            _ => throw new ArgumentException(id),
        };
    }

    public static TheoryData<string> AllIds => ["synthetic-corpus", "synthetic-topic", "synthetic-agreement", "synthetic-same-topic", "synthetic-acceptability"];

    [Theory, MemberData(nameof(AllIds))]
    public void Same_parameters_give_identical_data_whatever_the_run_seed(string id)
    {
        var first = Small(id, dataSeed: 7);
        var second = Small(id, dataSeed: 99);
        Assert.Equal(TaskFingerprint.Compute(first), TaskFingerprint.Compute(second));
        foreach (var split in first.Splits)
            Assert.Equal(first.Get(split).Take(5), second.Get(split).Take(5));
    }

    [Theory, MemberData(nameof(AllIds))]
    public void Another_language_seed_gives_other_data(string id) =>
        Assert.NotEqual(TaskFingerprint.Compute(Small(id)), TaskFingerprint.Compute(Small(id, seed: 1235)));

    [Fact]
    public void Default_loads_are_identical() =>
        Assert.Equal(TaskFingerprint.Compute(Tasks.Topic()), TaskFingerprint.Compute(Tasks.Topic(new())));

    [Fact]
    public void A_rebuilt_language_equals_the_cached_one()
    {
        var cached = SyntheticLanguage.For(new LanguageParameters());
        var rebuilt = SyntheticLanguage.Build(new LanguageParameters().ToSpec());
        Assert.NotSame(cached, rebuilt);
        Assert.Equal(cached.Lexicon.Forms, rebuilt.Lexicon.Forms);
        Rng a = cached.Stream("probe"), b = rebuilt.Stream("probe");
        for (var i = 0; i < 50; i++) Assert.Equal(cached.Generate(a, i % 6, 20).Text, rebuilt.Generate(b, i % 6, 20).Text);
    }

    [Fact]
    public void The_language_is_cached_per_parameter_set_across_threads()
    {
        var parameters = new LanguageParameters { LanguageSeed = 424242 };
        var languages = new SyntheticLanguage[16];
        Parallel.For(0, languages.Length, i => languages[i] = SyntheticLanguage.For(parameters));
        Assert.All(languages, l => Assert.Same(languages[0], l));
        Assert.NotSame(languages[0], SyntheticLanguage.For(new LanguageParameters { LanguageSeed = 424243 }));
    }

    /// <summary>
    /// Pins the data across processes, platforms and code changes. If this fails after an intended
    /// change of the generated data, bump the plugins' versions and update the values.
    /// </summary>
    [Theory]
    [InlineData("synthetic-corpus", "4513c9400c38b4810589304f67c107bcb9e8fac7e052fff467dff5c93e975f88")]
    [InlineData("synthetic-topic", "3113a3f06e92106d26ad4f3d3ac41297e9c3bc9eb3af4e4a81c4a0be34d19868")]
    [InlineData("synthetic-agreement", "dd144d99a29bc71a0518211cdb334eac32f9ac44692070176c227781438e624b")]
    [InlineData("synthetic-same-topic", "7fcdeee485fda557b126d434eb3754b6eed80bb3cf7b16c3a37bb89b8606d9bf")]
    [InlineData("synthetic-acceptability", "840ae9f77998316a46392c6c81f0548201446bbc66d24c9a45fb655e68ccdc87")]
    public void Fingerprints_are_pinned(string id, string expected)
    {
        var actual = TaskFingerprint.Compute(Small(id));
        Assert.True(expected == actual, $"{id}: fingerprint {actual}, pinned {expected}");
    }
}
