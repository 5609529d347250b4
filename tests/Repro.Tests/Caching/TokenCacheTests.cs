using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The tokenized-data cache: written once, read by later loads, a damaged file encoded again.</summary>
[Trait("Category", "Unit")]
public sealed class TokenCacheTests
{
    private static readonly InMemoryTask Task = new(new() { ["train"] = ["Hello world", "Hello there, world!"], ["dev"] = ["world"] });
    private static readonly TextTokenizer Gpt2 = TokenizerBuilder.Build(new TokenizerSpec(TokenizerType.Gpt2, "pretrain", 16, 1, false), []);

    private static LoadedTask Load(TempDirectory temp, List<string>? messages = null) =>
        new(Task, Repro.Contracts.TaskFingerprint.Compute(Task), Gpt2, new TokenCache(temp.Path), m => messages?.Add(m));

    [Fact]
    public void ASecondLoadReadsTheCache()
    {
        using var temp = new TempDirectory();

        var first = Load(temp);
        var encoded = first.Encoded("train");
        var second = Load(temp);
        var again = second.Encoded("train");

        Assert.Equal(TokenCacheOutcome.Stored, first.CacheOutcomes["train"]);
        Assert.Equal(TokenCacheOutcome.Hit, second.CacheOutcomes["train"]);
        Assert.Equal(encoded.Select(e => e.Ids), again.Select(e => e.Ids));
        Assert.Equal(encoded.Select(e => e.Segments), again.Select(e => e.Segments));
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "tokens"), "*.bin"));
    }

    [Fact]
    public void ADamagedFileIsEncodedAgainNotTrusted()
    {
        using var temp = new TempDirectory();
        var expected = Load(temp).Encoded("train");
        var file = Directory.GetFiles(Path.Combine(temp.Path, "tokens"), "*.bin").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[20] ^= 0x01;
        File.WriteAllBytes(file, bytes);

        var messages = new List<string>();
        var loaded = Load(temp, messages);
        var encoded = loaded.Encoded("train");

        Assert.Equal(TokenCacheOutcome.Repaired, loaded.CacheOutcomes["train"]);
        Assert.Contains(messages, m => m.Contains("damaged (SHA-256 mismatch)"));
        Assert.Equal(expected.Select(e => e.Ids), encoded.Select(e => e.Ids));
        var third = Load(temp);
        third.Encoded("train");
        Assert.Equal(TokenCacheOutcome.Hit, third.CacheOutcomes["train"]);
    }

    [Fact]
    public void ATruncatedFileIsDamaged()
    {
        using var temp = new TempDirectory();
        Load(temp).Encoded("dev");
        var file = Directory.GetFiles(Path.Combine(temp.Path, "tokens"), "*.bin").Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..10]);

        var loaded = Load(temp);
        loaded.Encoded("dev");

        Assert.Equal(TokenCacheOutcome.Repaired, loaded.CacheOutcomes["dev"]);
    }

    [Fact]
    public void TheKeyDependsOnTokenizerDataSplitAndLength()
    {
        var key = TokenCache.Key("t", "f", "train", 16);

        Assert.NotEqual(key, TokenCache.Key("u", "f", "train", 16));
        Assert.NotEqual(key, TokenCache.Key("t", "g", "train", 16));
        Assert.NotEqual(key, TokenCache.Key("t", "f", "dev", 16));
        Assert.NotEqual(key, TokenCache.Key("t", "f", "train", 32));
    }

    [Fact]
    public void CollectRemovesFilesNotUsedSinceTheCutoff()
    {
        using var temp = new TempDirectory();
        Load(temp).Encoded("train");
        var cache = new TokenCache(temp.Path);

        Assert.Equal(0, cache.Collect(DateTime.UtcNow.AddDays(-1)).Files);
        Assert.Equal(1, cache.Collect(DateTime.UtcNow.AddMinutes(1)).Files);
        Assert.Empty(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void WithoutACacheNothingIsWritten()
    {
        var loaded = new LoadedTask(Task, "f", Gpt2);

        Assert.Equal(2, loaded.Encoded("train").Count);
        Assert.Empty(loaded.CacheOutcomes);
    }
}
