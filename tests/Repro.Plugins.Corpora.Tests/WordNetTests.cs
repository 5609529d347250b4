using Repro.Contracts;
using Repro.Plugins.Corpora.WordNet;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class WordNetTests
{
    [Fact]
    public void Data_lines_parse_into_words_pointers_definition_and_examples()
    {
        var synset = WordNetReader.Parse("00000002 05 n 02 dog 0 domestic_dog 0 001 @ 00000001 n 0000 | a member of the genus Canis; \"the dog barked all night\"  ", "n")!;
        Assert.Equal(("n:00000002", "noun.animal"), (synset.Id, synset.LexName));
        Assert.Equal(["dog", "domestic_dog"], synset.Words);
        Assert.Equal(["n:00000001"], synset.Hypernyms);
        Assert.Equal("a member of the genus Canis", synset.Definition);
        Assert.Equal(["the dog barked all night"], synset.Examples);
        Assert.Equal(["big"], WordNetReader.Parse("01382086 00 s 01 big(a) 0 000 | above average in size", "a")!.Words);
        Assert.Null(WordNetReader.Parse("garbage | gloss", "n"));
    }

    [Fact]
    public void Supersense_labels_glosses_and_drops_conflicting_duplicates()
    {
        using var dir = new TempFolder();
        var path = Fixtures.WordNet(dir);
        var task = (CorpusTask)new WordNetSupersense().Load(new WordNetSupersenseParameters { Path = path, MinPerClass = 1, IncludeExamples = true }, dir.Context);
        Assert.Equal(["noun.animal", "noun.person"], task.Labels);
        var all = task.Splits.SelectMany(task.Get).ToDictionary(e => e.Id);
        Assert.Equal("a member of the genus Canis; the dog barked all night", all["n:00000002"].Text);
        Assert.Equal(0, all["n:00000002"].Label);
        Assert.False(all.ContainsKey("n:00000006")); // the same sausage gloss is noun.artifact and noun.food: dropped
        Assert.True(all.ContainsKey("n:00000009") && !all.ContainsKey("n:00000010")); // "a human being" twice: the smaller id stays
        Assert.Contains(task.Notes, n => n.Contains("dropped 3 example(s) of 1 identical text(s) that carry different labels"));
        Assert.Equal(["accuracy", "macro_f1"], task.Metrics);
    }

    [Fact]
    public void Min_and_max_per_class_drop_and_cap_classes()
    {
        using var dir = new TempFolder();
        var path = Fixtures.WordNet(dir);
        var task = (CorpusTask)new WordNetSupersense().Load(new WordNetSupersenseParameters { Path = path, MinPerClass = 2, MaxPerClass = 3 }, dir.Context);
        Assert.Equal(["noun.animal", "noun.person"], task.Labels);
        Assert.Equal(3, task.Splits.SelectMany(task.Get).Count(e => e.Label == 0));
        Assert.Contains(task.Notes, n => n.Contains("subsampled 1 class(es) to max_per_class = 3"));
    }

    [Fact]
    public void Gloss_match_pairs_each_word_with_its_gloss_and_a_sibling_gloss_in_one_split()
    {
        using var dir = new TempFolder();
        var path = Fixtures.WordNet(dir);
        var task = new WordNetGlossMatch().Load(new WordNetGlossMatchParameters { Path = path, MaxWords = 0 }, dir.Context);
        Assert.True(task.IsPair);
        Assert.Equal(["no-match", "match"], task.Labels);
        var dog = task.Splits.Select(s => task.Get(s).Where(e => e.Text == "dog").ToList()).Single(l => l.Count > 0);
        var match = Assert.Single(dog, e => e.Label == 1);
        Assert.Contains(match.Pair, new[] { "a member of the genus Canis", "a dull unattractive unpleasant girl or woman" });
        if (match.Id == "dog|n:00000002")
            Assert.Contains(Assert.Single(dog, e => e.Label == 0).Pair, new[] { "feline mammal usually having thick soft fur", "warm-blooded egg-laying vertebrates" });
        Assert.DoesNotContain(task.Splits.SelectMany(task.Get), e => e.Text == "bird"); // proper-noun spelling is left out
    }
}
