namespace Repro.Contracts;

/// <summary>What the host knows of any plugin without knowing its kind.</summary>
public interface IPlugin
{
    /// <summary>The plugin's kind.</summary>
    PluginKind Kind { get; }

    /// <summary>The class that holds the plugin's parameters (public settable properties with <see cref="ParamAttribute"/>).</summary>
    Type ParametersType { get; }
}

/// <summary>Base of a task plugin: yields examples, their target kind and metrics.</summary>
public abstract class TaskPlugin<TParams> : IPlugin where TParams : class, new()
{
    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Task;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    /// <summary>Loads (or generates) the task's data.</summary>
    public abstract ITask Load(TParams parameters, TaskContext context);
}

/// <summary>Base of a model plugin: builds an encoder body.</summary>
public abstract class ModelPlugin<TParams> : IPlugin where TParams : class, new()
{
    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Model;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    /// <summary>Builds a freshly initialised encoder. The host seeds the global generator first.</summary>
    public abstract Encoder Build(TParams parameters, ModelContext context);
}

/// <summary>Base of a regularizer plugin: creates one regularizer per stage.</summary>
public abstract class RegularizerPlugin<TParams> : IPlugin where TParams : class, new()
{
    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Regularizer;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    /// <summary>Creates the regularizer for one stage.</summary>
    public abstract Regularizer Create(TParams parameters);
}

/// <summary>What a task is given when it loads.</summary>
/// <param name="RecipeDirectory">Folder of the recipe file; relative data paths resolve against it.</param>
/// <param name="DataSeed">Seed for data the task generates or subsamples; derived from the recipe's seed tree.</param>
public sealed record TaskContext(string RecipeDirectory, long DataSeed);

/// <summary>What a model is given when it is built.</summary>
/// <param name="VocabularySize">Number of token ids, specials included.</param>
/// <param name="MaxLength">Longest input in tokens, specials included.</param>
/// <param name="PaddingId">Token id used for padding.</param>
public sealed record ModelContext(int VocabularySize, int MaxLength, int PaddingId);
