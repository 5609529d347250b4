using Repro.Plugins.Synthetic;
using Xunit.Abstractions;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class AcceptabilityTests(ITestOutputHelper output)
{
    private static readonly SyntheticLanguage Language = SyntheticLanguage.For(new LanguageParameters());
    private static readonly GrammarRecognizer Recognizer = new(Language.Lexicon);
    private static readonly Lazy<AcceptabilityExample[]> Examples =
        new(() => [.. SyntheticAcceptability.Generate(new SyntheticAcceptabilityParameters()).Values.SelectMany(s => s)]);
    private static readonly Lazy<AcceptabilityExample[]> Substitutions =
        new(() => [.. SyntheticAcceptability.Generate(new SyntheticAcceptabilityParameters { SubstitutionRate = 1, TrainSize = 100, DevSize = 100, TestSize = 200 })
            .Values.SelectMany(s => s)]);

    [Fact]
    public void The_examples_are_those_the_task_serves()
    {
        var task = Tasks.Acceptability();
        Assert.Equal(task.Splits.SelectMany(task.Get), Examples.Value.Select(p => p.Example));
    }

    [Fact]
    public void The_recognizer_accepts_every_generated_sentence()
    {
        var corpus = SyntheticCorpus.Generate(new SyntheticCorpusParameters { TrainSize = 5_000, DevSize = 10 });
        Assert.All(corpus["train"], p => Assert.True(Recognizer.IsGrammatical(p.Parse.Words), p.Example.Text));
        var rng = Language.Stream("acceptability-test/long");
        for (var i = 0; i < 2_000; i++)
        {
            var sentence = Language.Generate(rng, i % 6, 40);
            Assert.True(Recognizer.IsGrammatical(sentence.Words), sentence.Text);
        }
    }

    [Fact]
    public void The_recognizer_rejects_agreement_errors_truncations_and_foreign_words()
    {
        var corpus = SyntheticCorpus.Generate(new SyntheticCorpusParameters { TrainSize = 500, DevSize = 10 })["train"];
        Assert.All(corpus, p =>
        {
            var words = p.Parse.Words;
            Assert.False(Recognizer.IsGrammatical(Language.WithMainVerbFlipped(p.Parse).Words), "flipped verb: " + p.Example.Text);
            Assert.False(Recognizer.IsGrammatical([.. words.Skip(1)]), "no first determiner: " + p.Example.Text);
            Assert.False(Recognizer.IsGrammatical([.. words.Take(p.Parse.VerbIndex)]), "no main verb: " + p.Example.Text);
            Assert.False(Recognizer.IsGrammatical([.. words, words[^1]]), "last word twice: " + p.Example.Text);
            Assert.False(Recognizer.IsGrammatical([.. words.Select((w, i) => i == p.Parse.VerbIndex ? "xyzzy" : w)]), "unknown word");
        });
        Assert.False(Recognizer.IsGrammatical([]));
    }

    [Fact]
    public void Labels_alternate_and_only_unacceptable_sentences_are_corrupted()
    {
        foreach (var split in new[] { "train", "dev", "test" })
            Assert.All(Tasks.Acceptability().Get(split).Select((e, i) => (e, i)), x => Assert.Equal(x.i % 2, x.e.Label));
        Assert.All(Examples.Value, p =>
        {
            Assert.Equal(p.Example.Label == 0, p.Corruption != Corruption.None);
            if (p.Example.Label == 1) Assert.Equal(p.Original.Text, p.Example.Text);
        });
    }

    [Fact]
    public void Every_acceptable_sentence_is_grammatical_and_every_unacceptable_one_is_not()
    {
        Assert.All(Examples.Value.Concat(Substitutions.Value), p =>
        {
            Assert.True(Recognizer.IsGrammatical(p.Original.Words), p.Original.Text);
            Assert.Equal(p.Example.Label == 1, Recognizer.IsGrammatical(Tasks.Words(p.Example.Text)));
        });
    }

    [Fact]
    public void A_swap_exchanges_two_adjacent_words_of_different_parts_of_speech_and_keeps_the_bag_of_words()
    {
        var swaps = Examples.Value.Where(p => p.Example.Label == 0).ToList();
        Assert.All(swaps, p =>
        {
            Assert.Equal(Corruption.Swap, p.Corruption);
            var original = p.Original.Words;
            var words = Tasks.Words(p.Example.Text);
            var k = p.Position;
            Assert.Equal(original.Count, words.Length);
            Assert.Equal(original.Where((_, i) => i != k && i != k + 1), words.Where((_, i) => i != k && i != k + 1));
            Assert.Equal((original[k], original[k + 1]), (words[k + 1], words[k]));
            Assert.NotEqual(Recognizer.TagOf(words[k]), Recognizer.TagOf(words[k + 1]));
            Assert.Equal(original.Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Swaps_fall_all_over_the_sentence()
    {
        var positions = Examples.Value.Where(p => p.Example.Label == 0).GroupBy(p => p.Position).ToDictionary(g => g.Key, g => g.Count());
        var total = positions.Values.Sum();
        output.WriteLine(string.Join(", ", positions.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        Assert.True(positions.Count >= 10, $"{positions.Count} distinct positions");
        Assert.True(positions.Values.Max() < 0.25 * total, $"most common position: {positions.Values.Max()} of {total}");
    }

    [Fact]
    public void Bag_of_words_cannot_tell_acceptable_from_unacceptable_sentences()
    {
        var large = SyntheticAcceptability.Generate(new SyntheticAcceptabilityParameters { TrainSize = 4_000 });
        var bayes = new NaiveBayes(large["train"].Select(p => (p.Example.Text, p.Example.Label)), 2);
        var accuracy = bayes.Accuracy(large["test"].Select(p => (p.Example.Text, p.Example.Label)));
        output.WriteLine($"Naive Bayes on 4000 labelled sentences: {accuracy:F3}");
        Assert.InRange(accuracy, 0.42, 0.58);
        var length = large["test"].GroupBy(p => p.Example.Label).Select(g => g.Average(p => Tasks.Words(p.Example.Text).Length)).ToList();
        Assert.InRange(Math.Abs(length[0] - length[1]), 0, 0.5);
    }

    [Fact]
    public void A_substitution_replaces_one_word_by_a_word_of_another_part_of_speech()
    {
        var corrupted = Substitutions.Value.Where(p => p.Example.Label == 0).ToList();
        Assert.All(corrupted, p =>
        {
            Assert.Equal(Corruption.Substitution, p.Corruption);
            var original = p.Original.Words;
            var words = Tasks.Words(p.Example.Text);
            Assert.Equal(original.Count, words.Length);
            Assert.Equal([p.Position], Enumerable.Range(0, words.Length).Where(i => words[i] != original[i]));
            Assert.NotEqual(Recognizer.TagOf(original[p.Position]), Recognizer.TagOf(words[p.Position]));
        });
    }
}
