namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class SpamTests
{
    [Fact]
    public void Headers_are_stripped_and_the_subject_leads_the_text()
    {
        using var dir = new TempFolder();
        var path = Fixtures.Spam(dir);
        var task = (CorpusTask)new SpamAssassin().Load(new SpamAssassinParameters { Path = path, MaxWords = 50 }, dir.Context);
        Assert.Equal(["ham", "spam"], task.Labels);
        var all = task.Splits.SelectMany(task.Get).ToDictionary(e => e.Id);
        Assert.Equal(("Meeting tomorrow. See you at noon. Bye.", 0), (all["easy-ham-1/00001"].Text, all["easy-ham-1/00001"].Label));
        Assert.Equal(("Win money. Click here now = cash", 1), (all["spam-1/00001"].Text, all["spam-1/00001"].Label));
        Assert.Equal(50, all["spam-2/00002"].Text.Split(' ').Length);
    }

    [Fact]
    public void Html_only_messages_lose_their_tags_and_styles()
    {
        var text = Spam.EmailText.Of("Subject: Hi\nContent-Type: text/html\n\n<html><head><title>x</title></head><style>p{color:red}</style><p>Hello &amp; welcome</p></html>\n");
        Assert.Equal("Hi. Hello & welcome", text);
    }
}
