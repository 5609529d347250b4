using System.Globalization;
using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Engine.Models;

namespace Repro.Engine.Planning;

/// <summary>
/// The least memory each stage needs, from its model plugin's parameter count (<see cref="IModelPlugin.CountParameters"/>)
/// times the fp32 copies the stage keeps: weights, gradients and optimizer state when it trains, a regularizer's
/// reference copy, a fuse's sources. A <c>lora:</c> stage keeps one copy of its frozen body and trains its adapters: their
/// count comes from the built body (rank · (in + out) per adapted Linear), so they are checked in a second pass once the planner
/// has built it. A stage whose estimate exceeds the memory available is refused before it trains.
/// Activations and data come on top, so passing this check does not promise that a run fits.
/// </summary>
internal static class MemoryEstimate
{
    private const int BytesPerParameter = 4;

    /// <summary>A problem for each stage that cannot fit in <paramref name="available"/> bytes, at its model.</summary>
    /// <param name="adapters">The second pass: only these <c>lora:</c> stages, with their adapters' parameter counts; a stage whose
    /// body alone did not fit was reported by the first pass and is not again.</param>
    public static IEnumerable<Diagnostic> Check(Recipe recipe, TextTokenizer tokenizer, long available, IReadOnlyDictionary<string, long>? adapters = null)
    {
        foreach (var stage in recipe.Stages.Where(s => s.Facts.Memory != StageMemory.None && (adapters is null || adapters.ContainsKey(s.Name))))
        {
            if (recipe.ModelOf(stage) is not { } model) continue;
            var plugin = (IModelPlugin)model.Plugin.Instance;
            var count = PlacedProblem.AtComponent(model, () => PluginCall.Run(model, stage.Name, "CountParameters",
                () => plugin.CountParameters(model.Parameters, ModelBuilder.ContextOf(model, tokenizer))));
            if (count is not { } parameters) continue;
            var (copies, what) = Copies(stage);
            var bytes = (double)parameters * BytesPerParameter * copies;
            if (adapters is not null)
            {
                if (bytes > available) continue;
                var (adapterCopies, adapterWhat) = Training(((TrainingStage)stage).Training with { Lora = null });
                bytes += (double)adapters[stage.Name] * BytesPerParameter * adapterCopies;
                what = $"{what} and its {Count(adapters[stage.Name])} LoRA parameters' {adapterWhat}";
            }
            if (bytes <= available) continue;
            var message = $"stage '{stage.Name}': model '{model.Id}' has {Count(parameters)} parameters; {what} in fp32 take at least " +
                          $"{Size(bytes)}, but {Size(available)} of memory is available. Make the model smaller " +
                          $"({model.Context}.params) or run on a machine with more memory";
            yield return new Diagnostic(model.Document.Where(model.At), message);
        }
    }

    // Every named value has an arm and there is no discard arm: a value added to StageMemory is error CS8509 here.
#pragma warning disable CS8524
    private static (int Copies, string What) Copies(Stage stage) => stage.Facts.Memory switch
    {
        StageMemory.None => (0, "nothing"),
        StageMemory.Weights => (1, "its weights"),
        StageMemory.SourcesAndAverage => (stage.From.Count + 1, $"the weights of its {stage.From.Count} sources and their average"),
        StageMemory.Training => Training(((TrainingStage)stage).Training),
    };
#pragma warning restore CS8524

    private static (int, string) Training(TrainingSettings stage)
    {
        if (stage.Lora is not null) return stage.Regularizers.Count > 0 ? (2, "its frozen weights, with a reference copy for its regularizers") : (1, "its frozen weights");
        var optimizer = stage.Optimizer.Type == OptimizerType.Sgd ? (stage.Optimizer.Momentum > 0 ? 1 : 0) : 2;
        var reference = stage.Regularizers.Count > 0 ? 1 : 0;
        var what = stage.Optimizer.Type == OptimizerType.Sgd
            ? optimizer == 1 ? "weights, gradients and SGD momentum" : "weights and gradients"
            : "weights, gradients and AdamW's two moments";
        return (2 + optimizer + reference, reference == 1 ? what + ", with a reference copy for its regularizers" : what);
    }

    private static string Count(long n) => n switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e9:0.#} G"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#} M"),
        _ => n.ToString("N0", CultureInfo.InvariantCulture),
    };

    /// <summary>Bytes in binary units, as memory is reported.</summary>
    public static string Size(double bytes) => bytes switch
    {
        >= 1L << 40 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 40):0.#} TiB"),
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):0.#} MiB"),
    };
}
