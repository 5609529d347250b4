using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Caching;

/// <summary>
/// The content address of a stage's result: SHA-256 of everything that can change its numbers. The stage itself enters
/// as <c>recipe.yaml</c> records it (<see cref="ResolvedRecipeWriter.Stage"/>, one schema for both) less the fields in
/// <see cref="ResultNeutral"/>; then the run seed (or the stage's pinned or nested seed) and the random streams it draws, the model
/// it builds (with its checkpoint's file hashes), each plugin's version and assembly hash, the task data fingerprint, the
/// vocabulary, the keys of the stages it starts from, and the numerics (Repro's version and engine assembly hash,
/// TorchSharp and libtorch versions, device, threads, CPU kernels).
/// </summary>
public static class StageKey
{
    /// <summary>Stage fields that cannot change a result: how often to log and to checkpoint. Every other field is in the key (tested).</summary>
    public static readonly IReadOnlyList<string> ResultNeutral = ["log_every", "checkpoint_every"];

    /// <summary>The key and the canonical JSON it hashes (kept in the cache entry for inspection).</summary>
    public static (string Key, string Material) Compute(Stage stage, long seed, string taskFingerprint, string vocabularySha256, int maxLength,
        Component? model, IReadOnlyList<string> upstreamKeys, JsonObject numerics)
    {
        var text = Material(stage, seed, taskFingerprint, vocabularySha256, maxLength, model, upstreamKeys, numerics);
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text);
    }

    /// <summary>
    /// What fixes the numerics on <paramref name="device"/> in this process (the threads pinned): Repro's version and engine
    /// hash, TorchSharp and libtorch versions, the device, the thread count and the CPU kernel set; the manifest records the same.
    /// </summary>
    public static JsonObject Numerics(TorchSharp.torch.Device device) => new()
    {
        ["repro"] = Provenance.VersionOf(typeof(StageKey)),
        ["engine_sha256"] = EngineSha256.Value,
        ["torchsharp"] = Provenance.VersionOf(typeof(TorchSharp.torch)),
        ["libtorch"] = Provenance.LibTorchVersion(),
        ["device"] = device.ToString(),
        ["threads"] = TorchSharp.torch.get_num_threads(),
        ["cpu_capability"] = Determinism.Numerics.CpuCapability(),
    };

    /// <summary>The canonical text a stage's key hashes.</summary>
    public static string Material(Stage stage, long seed, string taskFingerprint, string vocabularySha256, int maxLength,
        Component? model, IReadOnlyList<string> upstreamKeys, JsonObject numerics)
    {
        var resolved = ResolvedRecipeWriter.Stage(stage);
        foreach (var field in ResultNeutral.Append("model")) resolved.Children.Remove(new YamlScalarNode(field));
        var components = stage.Components.Append(model).OfType<Component>().Select(c => c.Plugin).Distinct().OrderBy(p => p.Id, StringComparer.Ordinal);
        var material = new JsonObject
        {
            ["stage"] = stage.Name,
            ["resolved"] = ResolvedRecipeWriter.Text(resolved),
            ["seed"] = stage.Seed ?? seed,
            ["random_streams"] = stage.RandomStreams,
            ["model"] = model is null ? null : Describe(model),
            ["plugins"] = new JsonObject(components.Select(p => KeyValuePair.Create(p.Id, (JsonNode?)$"{p.Version} {p.AssemblySha256}"))),
            ["task_fingerprint"] = taskFingerprint,
            ["from"] = new JsonArray([.. upstreamKeys.Select(k => (JsonNode)k)]),
            ["vocabulary"] = vocabularySha256,
            ["max_length"] = maxLength,
            ["numerics"] = numerics.DeepClone(),
        };
        return material.ToJsonString(Json.Options);
    }

    /// <summary>The engine and contracts assemblies' hash: a rebuilt engine never reuses another build's results.</summary>
    private static readonly Lazy<string> EngineSha256 = new(() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        FileHash.Of(typeof(StageKey).Assembly.Location) + FileHash.Of(typeof(Contracts.IPlugin).Assembly.Location)))));

    /// <summary>The model the stage builds: its identity (plugin and every parameter) and its checkpoint's files by hash, not by folder.</summary>
    private static JsonObject Describe(Component model) => new()
    {
        ["settings"] = model.Settings,
        ["checkpoint"] = model.Checkpoint is null ? null : new JsonObject(model.Checkpoint.Files.Select(f => KeyValuePair.Create(f.Path, (JsonNode?)f.Sha256))),
    };
}
