using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Caching;

/// <summary>
/// The content address of a stage's result: SHA-256 of everything that can change its numbers —
/// the stage's resolved spec (name included: it names the stage's seeds), the run seed (or the stage's pinned seed), each plugin's
/// id, version and assembly hash, the task data fingerprint, the vocabulary, the key of the stage it
/// starts from, and the numerics (Repro's version and engine assembly hash, TorchSharp and libtorch
/// versions, device, threads, CPU kernels).
/// Logging and checkpoint intervals do not change results and are left out.
/// </summary>
public static class StageKey
{
    /// <summary>The key and the canonical JSON it hashes (kept in the cache entry for inspection).</summary>
    public static (string Key, string Material) Compute(StageSpec stage, long seed, string taskFingerprint, string vocabularySha256,
        Component model, IReadOnlyList<string> upstreamKeys, Manifest manifest)
    {
        var material = new JsonObject
        {
            ["stage"] = stage.Name,
            ["kind"] = stage.Kind.ToString().ToLowerInvariant(),
            ["seed"] = stage.Seed ?? seed,
            ["random_streams"] = stage.RandomStreams,
            ["task"] = stage.Task is null ? null : Describe(stage.Task),
            ["tasks"] = stage.Mixture is null ? null : new JsonObject(stage.Mixture.Tasks.Select(t => KeyValuePair.Create(t.Name, (JsonNode?)Describe(t.Task)))),
            ["sampling"] = stage.Mixture?.Sampling,
            ["loss_scaling"] = stage.Mixture?.LossScaling,
            ["task_fingerprint"] = taskFingerprint,
            ["model"] = Describe(model),
            ["from"] = new JsonArray([.. upstreamKeys.Select(k => (JsonNode)k)]),
            ["weights"] = stage.Weights is null ? null : new JsonArray([.. stage.Weights.Select(w => (JsonNode)w)]),
            ["vocabulary"] = vocabularySha256,
            ["max_length"] = manifest.Tokenizer.MaxLength,
            ["optimizer"] = JsonSerializer.SerializeToNode(stage.Optimizer, Json.Options),
            ["schedule"] = JsonSerializer.SerializeToNode(stage.Schedule, Json.Options),
            ["steps"] = stage.Steps,
            ["epochs"] = stage.Epochs,
            ["train_examples"] = stage.TrainExamples,
            ["train_examples_draw"] = stage.TrainExamplesPerSeed ? "seed" : "fixed",
            ["method"] = stage.Method,
            ["batch_size"] = stage.BatchSize,
            ["grad_clip"] = stage.GradClip,
            ["freeze"] = new JsonArray([.. stage.Frozen.Select(f => (JsonNode)f)]),
            ["mask_probability"] = stage.MaskProbability,
            ["eval"] = JsonSerializer.SerializeToNode(stage.Eval, Json.Options),
            ["regularizers"] = new JsonArray([.. stage.Regularizers.Select(r => (JsonNode)Describe(r))]),
            ["numerics"] = new JsonObject
            {
                ["repro"] = manifest.Software.Repro,
                ["engine_sha256"] = EngineSha256.Value,
                ["torchsharp"] = manifest.Software.TorchSharp,
                ["libtorch"] = manifest.Software.LibTorch,
                ["device"] = manifest.Machine.Device,
                ["threads"] = manifest.Machine.Threads,
                ["cpu_capability"] = manifest.Machine.CpuCapability,
            },
        };
        var text = material.ToJsonString(Json.Options);
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text);
    }

    /// <summary>The engine and contracts assemblies' hash: a rebuilt engine never reuses another build's results.</summary>
    private static readonly Lazy<string> EngineSha256 = new(() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        FileHash.Of(typeof(StageKey).Assembly.Location) + FileHash.Of(typeof(Contracts.IPlugin).Assembly.Location)))));

    private static JsonObject Describe(Component c)
    {
        var parameters = new JsonObject();
        foreach (var p in c.Plugin.Parameters)
            parameters[p.Name] = ParameterBinder.Format(p.Property.GetValue(c.Parameters));
        return new JsonObject
        {
            ["plugin"] = c.Id,
            ["version"] = c.Plugin.Version.ToString(),
            ["assembly_sha256"] = c.Plugin.AssemblySha256,
            ["params"] = parameters,
            ["checkpoint"] = c.Checkpoint is null ? null : new JsonObject(c.Checkpoint.Files.Select(f => KeyValuePair.Create(f.Path, (JsonNode?)f.Sha256))),
        };
    }
}
