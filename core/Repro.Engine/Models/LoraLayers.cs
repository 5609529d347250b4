using Repro.Engine.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A stage's LoRA adapters (<see cref="LoraSpec"/>) on the <c>Linear</c> layers of any body. Each targeted layer gets a forward
/// hook (TorchSharp's <c>register_forward_hook</c>, run by <c>Module.call</c>) that adds <c>(alpha / rank) · B A dropout(x)</c>
/// to its output, so no plugin code changes and no plugin needs to know; a plugin that calls a Linear's <c>forward</c> directly
/// (not <c>call</c>) bypasses the hook, which the bitwise start cannot reveal but training would (the adapter would get no gradient).
/// The factors live in this module, not in the body: the body's parameters, names and saved files stay those of the plugin.
/// <c>A</c> (rank, in) is drawn Kaiming-uniform as PEFT draws it (bound 1/√in) from the stage's own stream; <c>B</c> (out, rank)
/// starts at zero, so the hooked body computes bitwise what it computed before.
/// </summary>
internal sealed class LoraLayers : nn.Module
{
    private readonly List<Adapted> _layers = [];
    private readonly LoraSpec _spec;

    /// <summary>One adapted layer: its module name in the body, the layer, its factors and what removes its hook.</summary>
    public sealed record Adapted(string Name, Linear Linear, Parameter A, Parameter B, Action RemoveHook);

    private LoraLayers(LoraSpec spec) : base(nameof(LoraLayers)) => _spec = spec;

    /// <summary>The adapted layers in the body's module order.</summary>
    public IReadOnlyList<Adapted> Layers => _layers;

    /// <summary>The settings these adapters were made with.</summary>
    public LoraSpec Spec => _spec;

    /// <summary>The Linear layers of <paramref name="body"/> that <paramref name="targets"/> name, in module order.</summary>
    public static IReadOnlyList<(string Name, Linear Linear)> Targets(nn.Module body, IReadOnlyList<string> targets) =>
        body.named_modules().Where(m => m.module is Linear && targets.Any(t => FrozenParameters.Under(m.name, t)))
            .Select(m => (m.name, (Linear)m.module)).ToList();

    /// <summary>Throws naming the stage when a target names no Linear layer of a body with Linear layers <paramref name="linears"/>.</summary>
    public static void Check(string stage, string model, IReadOnlyList<string> targets, IReadOnlyList<string> linears)
    {
        var unknown = targets.Where(t => !linears.Any(n => FrozenParameters.Under(n, t))).ToList();
        if (unknown.Count == 0) return;
        throw new ReproException($"stages.{stage}.lora.targets: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "names" : "name")} no Linear layer of the {model} body; " +
                                 $"its Linear layers are under {string.Join(", ", FrozenParameters.Groups(linears))} (e.g. {linears.FirstOrDefault() ?? "none"}; a pattern takes every Linear at or under it)");
    }

    /// <summary>
    /// Hooks adapters onto the targeted layers of <paramref name="body"/>, drawing every <c>A</c> from a generator seeded with
    /// <paramref name="seed"/> (layers in module order); the body's weights and libtorch's generator are left as they were.
    /// </summary>
    public static LoraLayers Attach(nn.Module body, LoraSpec spec, long seed, Device? device = null)
    {
        var lora = new LoraLayers(spec);
        using var generator = new Generator((ulong)seed);
        var index = 0;
        foreach (var (name, linear) in Targets(body, spec.Targets))
        {
            var (outputs, inputs) = (linear.weight!.shape[0], linear.weight.shape[1]);
            var bound = 1 / Math.Sqrt(inputs);
            Parameter a, b;
            using (no_grad())
            {
                a = new Parameter((rand(new[] { spec.Rank, inputs }, generator: generator) * (2 * bound) - bound).to(device ?? linear.weight.device));
                b = new Parameter(zeros(new[] { outputs, (long)spec.Rank }, device: device ?? linear.weight.device));
            }
            lora.register_parameter($"{index}_A", a);
            lora.register_parameter($"{index}_B", b);
            index++;
            var hook = linear.register_forward_hook((module, x, y) => y + lora.Update(module, x, a, b));
            lora._layers.Add(new Adapted(name, linear, a, b, hook.remove));
        }
        return lora;
    }

    /// <summary>The number of adapter parameters: rank · (in + out) per adapted layer.</summary>
    public long Count => _layers.Sum(l => l.A.numel() + l.B.numel());

    /// <summary>The number of parameters <see cref="Attach"/> would add to <paramref name="body"/>, without adding them.</summary>
    public static long CountFor(nn.Module body, LoraSpec spec) =>
        Targets(body, spec.Targets).Sum(t => (long)spec.Rank * (t.Linear.weight!.shape[0] + t.Linear.weight.shape[1]));

    /// <summary><c>(alpha / rank) · B A dropout(x)</c>, with dropout only while the layer trains.</summary>
    private Tensor Update(nn.Module layer, Tensor x, Tensor a, Tensor b)
    {
        var input = _spec.Dropout > 0 ? nn.functional.dropout(x, _spec.Dropout, layer.training) : x;
        return nn.functional.linear(nn.functional.linear(input, a), b) * _spec.Scale;
    }

    /// <summary>
    /// Adds each layer's update into its weight, <c>W += (alpha / rank) · B A</c>, and removes the hooks: the body is then a
    /// plain body of its plugin that computes the adapted function (up to float rounding). These adapters must not be used after.
    /// </summary>
    public void MergeAndDetach()
    {
        using var noGrad = no_grad();
        foreach (var layer in _layers)
        {
            layer.RemoveHook();
            using var delta = layer.B.matmul(layer.A).mul(_spec.Scale);
            layer.Linear.weight!.add_(delta);
        }
        _layers.Clear();
    }
}
