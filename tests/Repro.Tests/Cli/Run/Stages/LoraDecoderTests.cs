using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>lora:</c> is the host's, whatever model plugin built the body: on a causal decoder (GPT-2 and LLaMA layouts) it adapts
/// the attention projections its targets name, trains them, and exports merged; in PEFT's layout a LLaMA adapter is exported
/// under Hugging Face's names, and GPT-2's Conv1D adapters (PEFT's fan_in_fan_out) are refused with the way out.
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
        var run = TrainedRun(temp, layout, targets);

        Assert.True(new FileInfo(Path.Combine(run, "stages", "topic", "lora.weights")).Length > 0);
        // The body saved with the update merged differs from the one it started from: the adapters trained.
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(run, "stages", "pretrain", "body.weights")), File.ReadAllBytes(Path.Combine(run, "stages", "topic", "body.weights")));
        var merged = Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "merged", "--merge");
        Assert.True(merged.ExitCode == 0, merged.ToString());
        Assert.True(File.Exists(Path.Combine(temp.Path, "merged", "model.safetensors")));
    }

    [Fact]
    public void ALlamaAdapterInPeftsLayoutIsTheUpdateTheMergedExportHolds()
    {
        using var temp = new TempDirectory();
        var run = TrainedRun(temp, "llama", "layers.*.self_attn.q_proj, layers.*.self_attn.v_proj");

        Assert.True(Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "peft") is { ExitCode: 0 } peft, "the PEFT export");
        Assert.True(Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "merged", "--merge") is { ExitCode: 0 }, "the merged export");
        Assert.True(Cli.Run(temp.Path, "export", Path.Combine(run, "pretrain"), "--out", "base") is { ExitCode: 0 }, "the base export");

        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "peft", "adapter_config.json")))!;
        var modules = config["target_modules"]!.AsArray().Select(m => m!.GetValue<string>()).Order().ToList();
        Assert.Equal(["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj", "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"], modules);
        Assert.Equal(["score"], config["modules_to_save"]!.AsArray().Select(m => m!.GetValue<string>()));
        var scale = config["lora_alpha"]!.GetValue<double>() / config["r"]!.GetValue<int>();
        var adapter = Repro.Contracts.SafeTensors.Read(Path.Combine(temp.Path, "peft", "adapter_model.safetensors"));
        var merged = Repro.Contracts.SafeTensors.Read(Path.Combine(temp.Path, "merged", "model.safetensors"));
        var base_ = Repro.Contracts.SafeTensors.Read(Path.Combine(temp.Path, "base", "model.safetensors"));
        // Hugging Face's names, so PEFT finds each module: the base weight plus (alpha / r) B A is the merged weight.
        foreach (var module in modules)
        {
            var (a, b) = (adapter[$"base_model.model.{module}.lora_A.weight"], adapter[$"base_model.model.{module}.lora_B.weight"]);
            var expected = base_[module + ".weight"] + b.matmul(a) * scale;
            var difference = (expected - merged[module + ".weight"]).abs().max().item<float>();
            Assert.True(difference < 1e-6, $"{module}: base + (alpha / r) B A differs from the merged weight by {difference}");
        }
        Assert.True(adapter["base_model.model.score.weight"].ne(merged["score.weight"]).sum().item<long>() == 0, "the head saved with the adapter is the stage's");
    }

    [Fact]
    public void GptTwosConv1DAdaptersAreRefusedInPeftsLayoutWithTheWayOut()
    {
        using var temp = new TempDirectory();
        var run = TrainedRun(temp, "gpt2", "h.*.attn.c_attn");

        var peft = Cli.Run(temp.Path, "export", Path.Combine(run, "topic"), "--out", "peft");

        Assert.Equal(2, peft.ExitCode);
        Assert.Contains("model plugin 'causal-decoder' gives no Hugging Face name for the Linear layer 'h.0.attn.c_attn'", peft.Stderr);
        Assert.Contains("export with --merge", peft.Stderr);
        Assert.DoesNotContain("   at ", peft.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "peft")) && Directory.EnumerateFileSystemEntries(Path.Combine(temp.Path, "peft")).Any());
    }

    private static string TrainedRun(TempDirectory temp, string layout, string targets)
    {
        var result = Cli.Run(temp.Path, "run", temp.Write("r.yaml", Recipe(layout, targets)), "--out", "runs", "--no-cache");
        Assert.True(result.ExitCode == 0, result.ToString());
        return Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "lora-decoder@1.0.0")));
    }
}
