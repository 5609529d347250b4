using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// <c>freeze:</c> of a stage: the body parameters whose names are, or start with, one of the given prefixes
/// (<c>embeddings</c> takes <c>embeddings.word_embeddings.weight</c> and the rest of the embedding layer). A <c>*</c> part
/// stands for any one part of the name: <c>layers.*.attention</c> takes every layer's attention.
/// </summary>
internal static class FrozenParameters
{
    /// <summary>
    /// The body parameters a training stage keeps fixed, the one rule: every body parameter for a <c>lora:</c> stage (as PEFT
    /// does; its adapters, which are not the body's, and its heads train), else those under its <c>freeze:</c> prefixes.
    /// </summary>
    public static IReadOnlyList<Parameter> Of(nn.Module body, Recipes.TrainingSettings settings) =>
        settings.Lora is not null ? body.parameters().ToList() : Of(body, settings.Frozen);

    /// <summary>The parameters of <paramref name="body"/> under <paramref name="prefixes"/>.</summary>
    public static IReadOnlyList<Parameter> Of(nn.Module body, IReadOnlyList<string> prefixes) =>
        body.named_parameters().Where(p => prefixes.Any(prefix => Under(p.name, prefix))).Select(p => p.parameter).ToList();

    /// <summary>
    /// Throws naming the stage when a prefix matches no parameter of a body with parameters <paramref name="names"/>,
    /// listing the body's groups to choose from.
    /// </summary>
    public static void Check(string stage, string model, IReadOnlyList<string> prefixes, IReadOnlyList<string> names)
    {
        var unknown = prefixes.Where(prefix => !names.Any(n => Under(n, prefix))).ToList();
        if (unknown.Count == 0) return;
        throw new ReproException($"stages.{stage}.freeze: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "names" : "name")} no parameter of the {model} body; " +
                                 $"its parameter groups are {string.Join(", ", Groups(names))} (a prefix takes every parameter under it)");
    }

    /// <summary>Whether <paramref name="name"/> is, or is under, <paramref name="prefix"/> (a <c>*</c> part matches any one part); also the rule of <c>lora: targets</c>.</summary>
    internal static bool Under(string name, string prefix)
    {
        var parts = name.Split('.');
        var wanted = prefix.Split('.');
        return wanted.Length <= parts.Length && wanted.Select((w, i) => w == "*" || w == parts[i]).All(match => match);
    }

    // The names' first parts, and for a numbered part (encoder.layer.0) the numbered groups too.
    internal static IEnumerable<string> Groups(IReadOnlyList<string> names) =>
        names.Select(n => n.Split('.')).SelectMany(parts =>
            {
                var numbered = Array.FindIndex(parts, p => p.All(char.IsAsciiDigit));
                return numbered > 0 ? [parts[0], string.Join('.', parts[..(numbered + 1)])] : new[] { parts[0] };
            })
            .Distinct();
}
