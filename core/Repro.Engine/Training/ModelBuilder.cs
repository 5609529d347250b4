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

    /// <summary>
    /// A new encoder body. A plugin's rejection of its input (a checkpoint's missing tensor, a parameter out of range)
    /// and a checkpoint file that cannot be read become a <see cref="ReproException"/> naming the plugin.
    /// </summary>
    public static Encoder Build(Component model, ModelContext context)
    {
        try { return ((IModelPlugin)model.Plugin.Instance).Build(model.Parameters, context); }
        catch (Exception e) when (e is PluginInputException or ArgumentException or IOException or UnauthorizedAccessException or OverflowException)
        {
            throw new ReproException($"model plugin '{model.Id}' {model.Plugin.Version}: {e.Message}");
        }
    }

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
