using Repro.Plugins.Synthetic;
using Xunit.Abstractions;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class AgreementTests(ITestOutputHelper output)
{
    private static readonly Lexicon Lexicon = SyntheticLanguage.For(new LanguageParameters()).Lexicon;
    private static readonly Lazy<ParsedExample[]> Examples =
        new(() => [.. SyntheticAgreement.Generate(new SyntheticAgreementParameters()).Values.SelectMany(s => s)]);

    [Fact]
    public void The_parse_matches_the_text()
    {
        var task = Tasks.Agreement();
        Assert.Equal(task.Splits.SelectMany(task.Get), Examples.Value.Select(p => p.Example));
        Assert.All(Examples.Value, p => Assert.Equal(p.Example.Text, string.Join(' ', p.Parse.Words)));
    }

    [Fact]
    public void The_main_verb_agrees_with_the_subject_exactly_in_grammatical_sentences()
    {
        Assert.All(Examples.Value, p =>
        {
            var subject = Number(p.Parse.Words[p.Parse.SubjectIndex], WordClass.Noun);
            var verb = Number(p.Parse.Words[p.Parse.VerbIndex], WordClass.Verb);
            Assert.Equal(p.Example.Label == 1, subject == verb);
        });
    }

    [Fact]
    public void Attractors_of_the_other_number_are_common()
    {
        var opposite = Examples.Value.Count(p => p.Parse.AttractorIndex is { } a
            && Number(p.Parse.Words[a], WordClass.Noun) != Number(p.Parse.Words[p.Parse.SubjectIndex], WordClass.Noun));
        output.WriteLine($"attractors of the other number: {opposite} of {Examples.Value.Length}");
        Assert.True(opposite >= 0.25 * Examples.Value.Length, $"{opposite} of {Examples.Value.Length}");
    }

    [Fact]
    public void Agreeing_with_the_nearest_noun_is_no_better_than_chance()
    {
        var correct = Examples.Value.Count(p =>
        {
            var nearest = p.Parse.Words.Take(p.Parse.VerbIndex).Last(w => Lexicon.TryLookup(w, out var l, out _) && l.Class == WordClass.Noun);
            var agrees = Number(nearest, WordClass.Noun) == Number(p.Parse.Words[p.Parse.VerbIndex], WordClass.Verb);
            return agrees == (p.Example.Label == 1);
        });
        output.WriteLine($"nearest-noun heuristic accuracy: {correct / (double)Examples.Value.Length:F3}");
        Assert.InRange(correct / (double)Examples.Value.Length, 0.4, 0.6);
    }

    [Fact]
    public void Corpus_sentences_are_all_grammatical()
    {
        var corpus = SyntheticCorpus.Generate(new SyntheticCorpusParameters { TrainSize = 2_000, DevSize = 10 });
        Assert.All(corpus["train"], p => Assert.Equal(
            Number(p.Parse.Words[p.Parse.SubjectIndex], WordClass.Noun), Number(p.Parse.Words[p.Parse.VerbIndex], WordClass.Verb)));
    }

    /// <summary>True for a plural form, from the lexicon alone.</summary>
    private static bool Number(string form, WordClass expected)
    {
        Assert.True(Lexicon.TryLookup(form, out var lemma, out var plural), $"'{form}' is no content word");
        Assert.Equal(expected, lemma.Class);
        return plural;
    }
}
