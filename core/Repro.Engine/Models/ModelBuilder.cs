using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Models;

/// <summary>Builds a recipe model through its plugin: the one place that makes a model's context and reports its failures.</summary>
internal static class ModelBuilder
{
    /// <summary>The context <paramref name="model"/> is built with under <paramref name="tokenizer"/>: its ids, their tokens and its checkpoint.</summary>
    public static ModelContext ContextOf(Component model, TextTokenizer tokenizer) =>
        new(tokenizer.VocabularySize, tokenizer.MaxLength, Vocabulary.Pad, tokenizer.Tokens, model.Checkpoint?.Folder);

    /// <summary>A new encoder body; what the plugin throws becomes an error naming it (<see cref="PluginCall"/>).</summary>
    public static Encoder Build(Component model, ModelContext context, string? stage = null) =>
        PluginCall.Run(model, stage, "Build", () => ((IModelPlugin)model.Plugin.Instance).Build(model.Parameters, context));

    /// <summary>A new head of <paramref name="spec"/> on <paramref name="body"/>, built by <paramref name="model"/>'s plugin.</summary>
    public static Head CreateHead(Component model, Encoder body, HeadSpec spec, string? stage = null) =>
        PluginCall.Run(model, stage, "CreateHead", () => body.CreateHead(spec));

    /// <summary>Loads saved weights into <paramref name="module"/>; a missing, damaged or mismatched file is a <see cref="ReproException"/>.</summary>
    public static void LoadWeights(TorchSharp.torch.nn.Module module, string path, string what)
    {
        try { module.load(path); }
        catch (Exception e) when (e is not ReproException and not OutOfMemoryException)
        {
            throw new ReproException($"{path}: the {what} could not be loaded ({e.Message}); the run directory is incomplete or was changed");
        }
    }
}
