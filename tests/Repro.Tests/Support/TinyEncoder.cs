using Repro.Contracts;
using Repro.Engine.Plugins;
using Repro.Engine.Tokenizers;

namespace Repro.Tests.Support;

/// <summary>The encoder of <see cref="TinyRecipes.Model"/>, built through the built-in bert-encoder plugin as a run builds it.</summary>
internal static class TinyEncoder
{
    /// <summary>Maximum length of <see cref="TinyRecipes.TwoStage"/>'s tokenizer.</summary>
    public const int MaxLength = 24;

    /// <summary>A model context with <paramref name="tokens"/> (a run's or an export's <c>vocab.txt</c>).</summary>
    public static ModelContext Context(IReadOnlyList<string> tokens) => new(tokens.Count, MaxLength, Vocabulary.Pad, tokens);

    /// <summary>Builds the tiny encoder, with <paramref name="adapterSize"/>-wide adapters when it is positive.</summary>
    public static Encoder Build(ModelContext context, int adapterSize = 0)
    {
        var plugin = PluginCatalog.Load([Paths.BuiltInPlugins], includeBuiltIns: false).Find("bert-encoder")!;
        var parameters = plugin.CreateDefaultParameters();
        foreach (var (name, value) in new (string, object)[] { ("HiddenSize", 16), ("Layers", 1), ("Heads", 2), ("FfnSize", 32), ("AdapterSize", adapterSize) })
            parameters.GetType().GetProperty(name)!.SetValue(parameters, value);
        return ((IModelPlugin)plugin.Instance).Build(parameters, context);
    }
}
