namespace Repro.Contracts;

/// <summary>What the host knows of any plugin without knowing its kind.</summary>
public interface IPlugin
{
    /// <summary>The plugin's kind.</summary>
    PluginKind Kind { get; }

    /// <summary>The class that holds the plugin's parameters (public settable properties with <see cref="ParamAttribute"/>).</summary>
    Type ParametersType { get; }
}

/// <summary>A task plugin as the host calls it, without knowing its parameter type.</summary>
public interface ITaskPlugin : IPlugin
{
    /// <summary>Loads the task with a parameter object of <see cref="IPlugin.ParametersType"/>.</summary>
    ITask Load(object parameters, TaskContext context);
}

/// <summary>A model plugin as the host calls it.</summary>
public interface IModelPlugin : IPlugin
{
    /// <summary>Builds the encoder with a parameter object of <see cref="IPlugin.ParametersType"/>.</summary>
    Encoder Build(object parameters, ModelContext context);
}

/// <summary>A regularizer plugin as the host calls it.</summary>
public interface IRegularizerPlugin : IPlugin
{
    /// <summary>Creates the regularizer with a parameter object of <see cref="IPlugin.ParametersType"/>.</summary>
    Regularizer Create(object parameters);
}

/// <summary>Base of a task plugin: yields examples, their target kind and metrics.</summary>
public abstract class TaskPlugin<TParams> : ITaskPlugin where TParams : class, new()
{
    ITask ITaskPlugin.Load(object parameters, TaskContext context) => Load((TParams)parameters, context);

    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Task;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    /// <summary>Loads (or generates) the task's data.</summary>
    public abstract ITask Load(TParams parameters, TaskContext context);
}

/// <summary>Base of a model plugin: builds an encoder body.</summary>
public abstract class ModelPlugin<TParams> : IModelPlugin where TParams : class, new()
{
    Encoder IModelPlugin.Build(object parameters, ModelContext context) => Build((TParams)parameters, context);

    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Model;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    /// <summary>Builds a freshly initialised encoder. The host seeds the global generator first.</summary>
    public abstract Encoder Build(TParams parameters, ModelContext context);
}

/// <summary>Base of a regularizer plugin: creates one regularizer per stage.</summary>
public abstract class RegularizerPlugin<TParams> : IRegularizerPlugin where TParams : class, new()
{
    Regularizer IRegularizerPlugin.Create(object parameters) => Create((TParams)parameters);

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
