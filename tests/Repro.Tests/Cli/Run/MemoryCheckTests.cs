using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A model that cannot fit in memory is refused with its estimate before anything is built or written.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class MemoryCheckTests
{
    [Fact]
    public void AModelTooLargeForTheMachineIsRefusedWithTheEstimateBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("huge.yaml", """
            name: huge
            version: 1.0.0
            seed: 7
            threads: 1
            tokenizer: { max_length: 24 }
            model:
              plugin: bert-encoder
              params: { hidden_size: 1024, layers: 10000, heads: 16, ffn_size: 4096 }
            stages:
              target:
                kind: finetune
                task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 30, test_size: 60 } }
                steps: 6
                batch_size: 8
            """);

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{recipe}:7:11: stage 'target': model 'bert-encoder' has 126 G parameters; " +
                        "weights, gradients and AdamW's two moments in fp32 take at least 1.8 TiB, but ", result.Stderr);
        Assert.Contains("of memory is available. Make the model smaller (recipe.model.params)", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")), "a model refused for its size leaves no run directory");
    }
}
