using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine.Models;
using Repro.Engine.Runs;
using static TorchSharp.torch;

namespace Repro.Engine.Export;

/// <summary>
/// A <c>lora:</c> stage in PEFT's adapter layout, the way LoRA weights travel between tools: <c>adapter_config.json</c>
/// (<c>peft_type: LORA</c>, <c>r</c>, <c>lora_alpha</c>, <c>lora_dropout</c>, <c>target_modules</c>, <c>modules_to_save</c>,
/// <c>base_model_name_or_path</c>) and <c>adapter_model.safetensors</c> with <c>base_model.model.&lt;module&gt;.lora_A.weight</c>
/// (rank, in) and <c>lora_B.weight</c> (out, rank) per adapted Linear, and the trained head's tensors under its Hugging Face
/// names (PEFT's <c>modules_to_save</c>, saved without the <c>modules_to_save.default</c> infix as PEFT saves them). The names are
/// the model plugin's (<see cref="ICheckpointModelPlugin.HuggingFaceName"/>); a tensor it cannot name refuses the export.
/// </summary>
internal static class PeftAdapter
{
    /// <summary>The adapter's weights file.</summary>
    public const string WeightsFile = "adapter_model.safetensors";

    /// <summary>The adapter's configuration file.</summary>
    public const string ConfigFile = "adapter_config.json";

    /// <summary>PEFT's prefix of every tensor of a wrapped model.</summary>
    private const string Prefix = "base_model.model.";

    /// <summary>Writes <paramref name="lora"/> (and <paramref name="head"/>'s tensors, when given) into <paramref name="folder"/>.</summary>
    /// <param name="name">The plugin's Hugging Face name of a body (false) or head (true) parameter, or null.</param>
    /// <param name="baseModel">The folder the adapted body was loaded from, when the stage loaded one; null otherwise.</param>
    public static void Write(string folder, LoraLayers lora, Head? head, Func<string, bool, string?> name, string modelId, string? baseModel)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var targets = new List<string>();
        foreach (var layer in lora.Layers)
        {
            var weight = name(layer.Name + ".weight", false);
            if (weight is null || !weight.EndsWith(".weight", StringComparison.Ordinal))
                throw new ReproException($"model plugin '{modelId}' gives no Hugging Face name for the Linear layer '{layer.Name}', so its adapter cannot be written in PEFT's layout; " +
                                         "export with --merge for a plain folder with the update merged in");
            var module = weight[..^".weight".Length];
            targets.Add(module);
            tensors[$"{Prefix}{module}.lora_A.weight"] = Float(layer.A);
            tensors[$"{Prefix}{module}.lora_B.weight"] = Float(layer.B);
        }
        var saved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (parameter, value) in head?.named_parameters() ?? [])
        {
            var hf = name(parameter, true)
                ?? throw new ReproException($"model plugin '{modelId}' gives no Hugging Face name for the head's '{parameter}', so the head cannot go with the adapter in PEFT's layout; " +
                                            "export with --body-only for the adapter alone, or with --merge for a plain folder");
            tensors[Prefix + hf] = Float(value);
            saved.Add(hf[..hf.LastIndexOf('.')]);
        }
        SafeTensors.Write(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var spec = lora.Spec;
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = head is null ? null : "SEQ_CLS",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = spec.Rank,
            ["lora_alpha"] = spec.Alpha,
            ["lora_dropout"] = spec.Dropout,
            ["target_modules"] = new JsonArray([.. targets.Select(t => JsonValue.Create(t))]),
            ["modules_to_save"] = saved.Count == 0 ? null : new JsonArray([.. saved.Select(s => JsonValue.Create(s))]),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["use_rslora"] = false,
            ["init_lora_weights"] = true,
            ["inference_mode"] = true,
        };
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJsonString(Json.Options) + "\n");
    }

    private static Tensor Float(Tensor t) => t.detach().to(ScalarType.Float32).cpu().contiguous();
}
