using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Tokenizers;
using Repro.Engine.Runs;
using static TorchSharp.torch;

namespace Repro.Tests;

[Trait("Category", "Unit")]
public sealed class DataTests
{
    private static readonly Vocabulary Vocab = Vocabulary.Build([["b", "a", "b"], ["c", "b", "a"]], minCount: 1);

    [Fact]
    public void VocabularyOrdersWordsByCountThenText()
    {
        Assert.Equal([.. Vocabulary.Specials, "b", "a", "c"], Vocab.Tokens);
        Assert.Equal(Vocabulary.Unk, Vocab.Id("zzz"));
        Assert.Equal(Vocab.Hash, Vocabulary.Build([["b", "a", "b"], ["c", "b", "a"]], 1).Hash);
        Assert.Equal([.. Vocabulary.Specials, "b", "a"], Vocabulary.Build([["b", "a", "b"], ["c", "b", "a"]], minCount: 2).Tokens);
    }

    [Fact]
    public void PairsAreEncodedWithSegmentsAndTruncatedLongestFirst()
    {
        var tokenizer = new WordTokenizer(Vocab, maxLength: 8, lowercase: true);
        var encoded = tokenizer.Encode(new Example("1", "A b", "c c c c c c", Label: 1));
        // [CLS] a b [SEP] c c c [SEP]: the longer second sentence lost words first
        Assert.Equal([Vocabulary.Cls, 6, 5, Vocabulary.Sep, 7, 7, 7, Vocabulary.Sep], encoded.Ids);
        Assert.Equal([0L, 0, 0, 0, 1, 1, 1, 1], encoded.Segments);
    }

    [Fact]
    public void MaskedBatchesFollowTheEightyTenTenRule()
    {
        var tokenizer = new WordTokenizer(Vocab, 64, true);
        var examples = Enumerable.Range(0, 200).Select(i => tokenizer.Encode(new Example($"{i}", string.Join(' ', Enumerable.Repeat("a b c", 20))))).ToList();
        using var scope = NewDisposeScope();
        var batch = BatchBuilder.Masked(examples, 0.15, Vocab.Size, new Rng(1), CPU);
        var targets = batch.Targets.data<long>().ToArray();
        var ids = batch.TokenIds.data<long>().ToArray();
        var chosen = Enumerable.Range(0, targets.Length).Where(i => targets[i] != -100).ToList();
        var fraction = chosen.Count / (double)ids.Count(id => id >= Vocabulary.Specials.Length || id == Vocabulary.Mask);
        Assert.InRange(fraction, 0.13, 0.17);
        var masked = chosen.Count(i => ids[i] == Vocabulary.Mask) / (double)chosen.Count;
        Assert.InRange(masked, 0.77, 0.83);
        Assert.All(Enumerable.Range(0, ids.Length).Where(i => ids[i] == Vocabulary.Cls || ids[i] == Vocabulary.Sep), i => Assert.Equal(-100, targets[i]));
    }

    [Fact]
    public void AtomicWritesLeaveNoTempFiles()
    {
        var folder = Path.Combine(Path.GetTempPath(), "repro-tests", Guid.NewGuid().ToString("n"));
        var path = Path.Combine(folder, "x.json");
        AtomicFile.WriteText(path, "one");
        AtomicFile.WriteText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException()));
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
        Directory.Delete(folder, true);
    }
}
