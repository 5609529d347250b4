using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class SaveLoadTests
{
    [Theory]
    [InlineData("post", "pooler")]
    [InlineData("pre", "mean")]
    public void LoadedEncoderReproducesTheSavedOneBitwise(string norm, string pooling)
    {
        var saved = Tiny.Build(1, Tiny.Parameters(norm, pooling));
        var restored = Tiny.Build(2, Tiny.Parameters(norm, pooling));
        var batch = Tiny.Batch();
        var (expectedStates, expectedPooled) = Tiny.Run(saved, batch.TokenIds, batch.SegmentIds, batch.Padding);
        Assert.False(Bitwise.Equal(Tiny.Run(restored, batch.TokenIds, batch.SegmentIds, batch.Padding).States, expectedStates));

        var path = Path.GetTempFileName();
        try
        {
            saved.save(path);
            restored.load(path);
        }
        finally
        {
            File.Delete(path);
        }

        var (states, pooled) = Tiny.Run(restored, batch.TokenIds, batch.SegmentIds, batch.Padding);
        Assert.True(Bitwise.Equal(states, expectedStates));
        Assert.True(Bitwise.Equal(pooled, expectedPooled));
    }
}
