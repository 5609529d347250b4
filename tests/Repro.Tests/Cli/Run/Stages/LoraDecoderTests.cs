using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>lora:</c> is the host's, whatever model plugin built the body: on a causal decoder (GPT-2 and LLaMA layouts) it adapts
/// the attention projections its targets name, trains them, and exports merged; PEFT's layout needs Hugging Face names,
/// which causal-decoder does not give, and is refused with the way out.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class LoraDecoderTests
{
    private static string Recipe(string layout, string targets) => $$"""
        name: lora-decoder
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: { type: gpt2, max_length: 24 }
        model:
          plugin: causal-decoder
          params: { layout: {{layout}}, hidden_size: 16, layers: 2, heads: 2, ffn_size: 32 }
        stages:
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 200, dev_size: 20 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 8
            batch_size: 16
          topic:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            lora: { rank: 2, alpha: 4, dropout: 0.0, targets: [{{targets}}] }
            optimizer: { type: adamw, lr: 1.0e-2 }
            steps: 6
            batch_size: 8
        """;

    [Theory]
    [InlineData("gpt2", "h.*.attn.c_attn")]
    [InlineData("llama", "layers.*.self_attn.q_proj, layers.*.self_attn.v_proj")]
    public void ADecoderStageTrainsItsAdaptersAndExportsMerged(string layout, string targets)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("r.yaml", Recipe(layout, targets));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "lora-decoder@1.0.0")));
        Assert.True(new FileInfo(Path.Combine(run, "stages", "topic", "lora.weights")).Length > 0);
        // The body saved with the update merged differs from the one it started from: the adapters trained.
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(run, "stages", "pretrain", "body.weights")), File.ReadAllBytes(Path.Combine(run, "stages", "topic", "body.weights")));

        var peft = Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "peft");
        Assert.Equal(2, peft.ExitCode);
        Assert.Contains("model plugin 'causal-decoder' gives no Hugging Face name for the Linear layer", peft.Stderr);
        Assert.Contains("export with --merge", peft.Stderr);
        Assert.DoesNotContain("   at ", peft.Stderr);

        var merged = Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "merged", "--merge");
        Assert.True(merged.ExitCode == 0, merged.ToString());
        Assert.True(File.Exists(Path.Combine(temp.Path, "merged", "model.safetensors")));
    }
}
