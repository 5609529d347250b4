using Repro.Contracts;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class BrownNamesTests
{
    /// <summary>Three Brown documents with names, and a WordNet whose instances type them (Washington: the city first, as WordNet orders its senses).</summary>
    private static (string Brown, string WordNet) Sources(TempFolder dir)
    {
        dir.Write("brown/cats.txt", "ca01 news\ncb01 editorial\ncc01 reviews\n");
        dir.Write("brown/ca01",
            "\n\n\tIvan/np Kennedy/np visited/vbd Atlanta's/np$ mayor/nn ./.\n" +
            "\n\n\tJohn/np Doe/np left/vbd ./.\n" +
            "\n\n\tIt/pps rained/vbd ./.\n" +
            "\n\n\tThe/at Hudson/np-tl flows/vbz past/in New/np York/np ./.\n");
        dir.Write("brown/cb01", "\n\n\tWashington's/np+bez at/in Harvard/np ./.\n");
        dir.Write("brown/cc01", "\n\n\tKennedy/np spoke/vbd ./.\n");
        dir.Write("wn/data.noun", string.Join("\n",
            "  1 This software and database is being provided to you, the LICENSEE, by  ",
            "00000001 18 n 01 person 0 000 | a human being  ",
            "00000002 15 n 01 city 0 000 | a large town  ",
            "00000006 06 n 01 john 0 000 | a toilet  ",
            "00000011 15 n 01 Atlanta 0 001 @i 00000002 n 0000 | capital of Georgia  ",
            "00000012 18 n 01 Kennedy 0 001 @i 00000001 n 0000 | a president  ",
            "00000013 15 n 01 Washington 0 001 @i 00000002 n 0000 | the capital  ",
            "00000014 18 n 01 Washington 1 001 @i 00000001 n 0000 | the first president  ",
            "00000015 17 n 01 Hudson 0 001 @i 00000002 n 0000 | a river  ",
            "00000016 14 n 01 Harvard 0 001 @i 00000001 n 0000 | a university  ",
            "00000018 15 n 01 New_York 0 001 @i 00000002 n 0000 | a city  ") + "\n");
        dir.Write("wn/index.noun", string.Join("\n",
            "  1 This software and database is being provided to you, the LICENSEE, by  ",
            "atlanta n 1 1 @i 1 0 00000011  ",
            "city n 1 0 1 0 00000002  ",
            "harvard n 1 1 @i 1 0 00000016  ",
            "hudson n 1 1 @i 1 0 00000015  ",
            "john n 1 0 1 0 00000006  ",
            "kennedy n 1 1 @i 1 0 00000012  ",
            "new_york n 1 1 @i 1 0 00000018  ",
            "person n 1 0 1 0 00000001  ",
            "washington n 2 1 @i 2 0 00000013 00000014  ") + "\n");
        return ("brown", "wn");
    }

    private static CorpusTask Load(TempFolder dir, bool namesOnly = true)
    {
        var (brown, wordnet) = Sources(dir);
        return (CorpusTask)new BrownNames().Load(new BrownNamesParameters { Path = brown, WordnetPath = wordnet, NamesOnly = namesOnly }, dir.Context);
    }

    [Theory]
    [InlineData("np", true)]
    [InlineData("nps$", true)]
    [InlineData("np-tl", true)]
    [InlineData("np$-hl", true)]
    [InlineData("np+bez", true)]
    [InlineData("NP", true)]
    [InlineData("nn-tl", false)]
    [InlineData("fw-np", false)]
    [InlineData("nr", false)]
    public void Proper_noun_tags_are_recognised_in_every_form(string tag, bool proper) => Assert.Equal(proper, BrownNames.IsProperNoun(tag));

    [Fact]
    public void Names_are_typed_from_wordnet_instances_in_sense_order()
    {
        using var dir = new TempFolder();
        var task = Load(dir);
        Assert.Equal(TargetKind.TokenClassification, task.Target);
        var all = task.Splits.SelectMany(task.Get).ToDictionary(e => e.Id);
        // John Doe: neither the name nor "Doe" is an instance (john is a toilet), so the sentence is dropped; "It rained" has no name.
        Assert.Equal(["ca01:0000", "ca01:0003", "cb01:0000", "cc01:0000"], all.Keys.Order(StringComparer.Ordinal));
        string[] Tags(string id) => [.. all[id].Tags!.Select(t => task.Labels[t])];
        // Ivan Kennedy by its last word; Atlanta's without its possessive.
        Assert.Equal(["B-PER", "I-PER", "O", "B-LOC", "O", "O"], Tags("ca01:0000"));
        // The Hudson (a river: noun.object) and New York (the whole name) are two spans.
        Assert.Equal(["O", "B-LOC", "O", "O", "B-LOC", "I-LOC", "O"], Tags("ca01:0003"));
        // Washington: WordNet's first instance sense, the city; Harvard: another lexicographer file.
        Assert.Equal(["B-LOC", "O", "B-MISC", "O"], Tags("cb01:0000"));
        Assert.Contains(task.Notes, n => n.Contains("dropped 1 sentence(s) with a name WordNet cannot type (1 such name(s)) and 1 without any name"));
        Assert.Contains(task.Notes, n => n.Contains("1 PER (last word)") && n.Contains("4 LOC (whole name)") && n.Contains("1 MISC (whole name)"));
    }

    [Fact]
    public void Without_names_only_a_sentence_without_names_is_kept_all_O()
    {
        using var dir = new TempFolder();
        var task = Load(dir, namesOnly: false);
        var rained = task.Splits.SelectMany(task.Get).Single(e => e.Id == "ca01:0002");
        Assert.All(rained.Tags!, t => Assert.Equal("O", task.Labels[t]));
        Assert.DoesNotContain(task.Splits.SelectMany(task.Get), e => e.Id == "ca01:0001");   // an untyped name still drops its sentence
    }

    [Fact]
    public void A_missing_index_names_the_file()
    {
        using var dir = new TempFolder();
        var (brown, wordnet) = Sources(dir);
        File.Delete(Path.Combine(dir.Path, wordnet, "index.noun"));
        var error = Assert.Throws<InvalidDataException>(() => new BrownNames().Load(new BrownNamesParameters { Path = brown, WordnetPath = wordnet }, dir.Context));
        Assert.Contains("index.noun is missing; reinstall wordnet-base", error.Message);
    }
}
