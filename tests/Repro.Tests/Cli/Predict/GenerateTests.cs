using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>repro predict --generate N</c> continues texts with a causal decoder's pretrain stage: greedy is deterministic, sampling is
/// fixed by its seed, sampling at a temperature near 0 is greedy, and a stage without a causal-LM head is refused.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class GenerateTests
{
    private const string Recipe = """
        name: gen
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: { type: gpt2, max_length: 24 }
        model:
          plugin: causal-decoder
          params: { layout: llama, hidden_size: 16, layers: 1, heads: 2, ffn_size: 32 }
        stages:
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 200, dev_size: 20 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 20
            batch_size: 16
          topic:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            steps: 2
        """;

    [Fact]
    public void GreedyAndSeededSamplingAreReproducibleAndATinyTemperatureIsGreedy()
    {
        using var temp = new TempDirectory();
        var run = Run(temp);
        string[] texts = ["--text", "the red cat", "--text", "a dog sat"];
        long[][] Generated(params string[] options)
        {
            var result = Cli.Run(temp.Path, ["predict", Path.Combine(run, "pretrain"), .. texts, "--generate", "6", .. options]);
            Assert.True(result.ExitCode == 0, result.ToString());
            return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
                JsonDocument.Parse(line).RootElement.GetProperty("generated").EnumerateArray().Select(e => e.GetInt64()).ToArray())];
        }

        var greedy = Generated();
        Assert.Equal(2, greedy.Length);
        Assert.All(greedy, g => Assert.InRange(g.Length, 1, 6));
        Assert.Equal(greedy, Generated());
        Assert.Equal(greedy, Generated("--temperature", "1e-6", "--seed", "5"));
        var sampled = Generated("--temperature", "5", "--seed", "1");
        Assert.Equal(sampled, Generated("--temperature", "5", "--seed", "1"));
        Assert.NotEqual(sampled, Generated("--temperature", "5", "--seed", "2"));
    }

    [Fact]
    public void AStageWithoutACausalLmHeadAndAnOverlongContinuationAreRefused()
    {
        using var temp = new TempDirectory();
        var run = Run(temp);
        var classifier = Cli.Run(temp.Path, "predict", Path.Combine(run, "topic"), "--text", "a", "--generate", "3");
        Assert.True(classifier.ExitCode == 2, classifier.ToString());
        Assert.Contains("stage 'topic' has no causal-LM head", classifier.Stderr);
        var overlong = Cli.Run(temp.Path, "predict", Path.Combine(run, "pretrain"), "--text", "a", "--generate", "40");
        Assert.True(overlong.ExitCode == 2, overlong.ToString());
        Assert.Contains("exceeds the run's max_length (24)", overlong.Stderr);
    }

    private static string Run(TempDirectory temp)
    {
        var result = Cli.Run(temp.Path, "run", temp.Write("gen.yaml", Recipe), "--out", "runs");
        Assert.True(result.ExitCode == 0, result.ToString());
        return Directory.GetDirectories(Path.Combine(temp.Path, "runs", "gen@1.0.0")).Single();
    }
}
