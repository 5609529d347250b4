using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Training;

/// <summary>Builds a recipe model through its plugin: the one place that makes a model's context and reports its failures.</summary>
internal static class ModelBuilder
{
    /// <summary>The context <paramref name="model"/> is built with under <paramref name="tokenizer"/>: its ids, their tokens and its checkpoint.</summary>
    public static ModelContext ContextOf(Component model, TextTokenizer tokenizer) =>
        new(tokenizer.VocabularySize, tokenizer.MaxLength, Vocabulary.Pad, tokenizer.Tokens, model.Checkpoint?.Folder);

    /// <summary>A new encoder body; a plugin's rejection of its input (a checkpoint's missing tensor, ...) becomes a <see cref="ReproException"/>.</summary>
    public static Encoder Build(Component model, ModelContext context)
    {
        try { return ((IModelPlugin)model.Plugin.Instance).Build(model.Parameters, context); }
        catch (PluginInputException e) { throw new ReproException($"model plugin '{model.Id}' {model.Plugin.Version}: {e.Message}"); }
    }
}
