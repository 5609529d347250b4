using Repro.Engine.Tagging;

namespace Repro.Tests;

/// <summary>
/// Spans under conlleval's chunking rules (seqeval's default mode), against cases worked by hand from those rules and the
/// examples in seqeval's README and docstrings.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EntityChunksTests
{
    private static List<EntityChunk> Of(string tags) => EntityChunks.Of(tags.Split(' '));

    [Fact]
    public void SeqevalDocstringExample()
    {
        // seqeval get_entities(['B-PER', 'I-PER', 'O', 'B-LOC']) == [('PER', 0, 1), ('LOC', 3, 3)]
        Assert.Equal([new("PER", 0, 1), new("LOC", 3, 3)], Of("B-PER I-PER O B-LOC"));
    }

    [Fact]
    public void AnIAfterOStartsAChunk()
    {
        // conlleval: startOfChunk when the previous tag is O and this one is I.
        Assert.Equal([new("PER", 1, 2)], Of("O I-PER I-PER O"));
        Assert.Equal([new("MISC", 0, 1)], Of("I-MISC I-MISC"));
    }

    [Fact]
    public void AChangeOfTypeEndsOneChunkAndStartsAnother()
    {
        Assert.Equal([new("PER", 0, 0), new("LOC", 1, 2)], Of("B-PER I-LOC I-LOC"));
        Assert.Equal([new("PER", 0, 1), new("ORG", 2, 2)], Of("I-PER I-PER I-ORG"));
    }

    [Fact]
    public void ABTagAlwaysStartsANewChunk()
    {
        Assert.Equal([new("PER", 0, 0), new("PER", 1, 1)], Of("B-PER B-PER"));
        Assert.Equal([new("PER", 0, 0), new("PER", 1, 2)], Of("I-PER B-PER I-PER"));
    }

    [Fact]
    public void AChunkAtTheEndIsClosedAndOAloneHasNone()
    {
        Assert.Equal([new("LOC", 2, 3)], Of("O O B-LOC I-LOC"));
        Assert.Empty(Of("O O O"));
    }

    [Fact]
    public void OnlyIob2StyleTagsetsAreChunkTagsets()
    {
        Assert.True(EntityChunks.IsChunkTagset(["O", "B-PER", "I-PER"]));
        Assert.False(EntityChunks.IsChunkTagset(["NOUN", "VERB"]));
        Assert.False(EntityChunks.IsChunkTagset(["O", "B-"]));
    }
}
