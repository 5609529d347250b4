using Repro.Contracts;

namespace Repro.Tests;

/// <summary>The task fingerprint sees a token-level task's words and tags, so the stage key moves when they do.</summary>
[Trait("Category", "Unit")]
public sealed class TokenTaskFingerprintTests
{
    private static string Fingerprint(params Example[] train) =>
        TaskFingerprint.Compute(new InMemoryTask(TargetKind.TokenClassification, ["O", "B-X"], false,
            new Dictionary<string, IReadOnlyList<Example>> { ["train"] = train }, [MetricNames.TokenAccuracy]));

    private static Example Tagged(string[] words, int[] tags) => new("1", string.Join(' ', words)) { Words = words, Tags = tags };

    [Fact]
    public void ChangingOneTagOrTheWordSplitChangesTheFingerprint()
    {
        var original = Fingerprint(Tagged(["a", "b"], [0, 1]));
        Assert.Equal(original, Fingerprint(Tagged(["a", "b"], [0, 1])));
        Assert.NotEqual(original, Fingerprint(Tagged(["a", "b"], [1, 1])));
        Assert.NotEqual(original, Fingerprint(new Example("1", "a b") { Words = ["a b"], Tags = [0] }));
        Assert.NotEqual(original, Fingerprint(new Example("1", "a b")));
    }
}
