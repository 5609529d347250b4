namespace Repro.Contracts;

/// <summary>What the host knows of any plugin without knowing its kind.</summary>
public interface IPlugin
{
    /// <summary>The plugin's kind.</summary>
    PluginKind Kind { get; }

    /// <summary>The class that holds the plugin's parameters (public settable properties with <see cref="ParamAttribute"/>).</summary>
    Type ParametersType { get; }

    /// <summary>
    /// Checks a parameter object of <see cref="ParametersType"/> before anything runs; throws
    /// <see cref="ParameterException"/> naming the parameter. The host calls it when it resolves a recipe.
    /// </summary>
    void Validate(object parameters) { }
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

    /// <summary>
    /// How many parameters <see cref="Build"/> would create, without creating them, or null when the plugin cannot say.
    /// The host refuses a model that cannot fit in memory before it allocates anything. Since Repro.Contracts 1.1.
    /// </summary>
    long? CountParameters(object parameters, ModelContext context) => null;

    /// <summary>
    /// How this model learns a text task (<see cref="TargetKind.MaskedLm"/> or <see cref="TargetKind.CausalLm"/> alike):
    /// <see cref="TargetKind.MaskedLm"/> for a bidirectional encoder (the default), <see cref="TargetKind.CausalLm"/> for a
    /// causal decoder. The host builds the head of that kind and refuses a stage that asks for the other. Since Repro.Contracts 1.2.
    /// </summary>
    TargetKind LanguageModelObjective => TargetKind.MaskedLm;
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

    void IPlugin.Validate(object parameters) => Validate((TParams)parameters);

    /// <summary>
    /// Checks the parameters together (cheap checks only: no files, no tensors) when the recipe is resolved, before
    /// anything is written. Throw <see cref="ParameterException"/> naming the parameter; the host reports it at that
    /// parameter's position in the recipe. Single-value ranges belong in <see cref="ParamAttribute"/> instead.
    /// </summary>
    public virtual void Validate(TParams parameters) { }

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

    void IPlugin.Validate(object parameters) => Validate((TParams)parameters);

    /// <summary>
    /// Checks the parameters together (cheap checks only: no files, no tensors) when the recipe is resolved, before
    /// anything is written. Throw <see cref="ParameterException"/> naming the parameter; the host reports it at that
    /// parameter's position in the recipe. Single-value ranges belong in <see cref="ParamAttribute"/> instead.
    /// </summary>
    public virtual void Validate(TParams parameters) { }

    /// <summary>Builds a freshly initialised encoder. The host seeds the global generator first.</summary>
    public abstract Encoder Build(TParams parameters, ModelContext context);

    long? IModelPlugin.CountParameters(object parameters, ModelContext context) => CountParameters((TParams)parameters, context);

    /// <summary>
    /// The number of parameters <see cref="Build"/> would create for these parameters and context (cheap: no tensors; a
    /// checkpoint's config file may be read), or null when unknown. The host multiplies it by the copies a stage keeps
    /// (weights, gradients, optimizer state) and refuses a model that cannot fit in memory before building it.
    /// </summary>
    public virtual long? CountParameters(TParams parameters, ModelContext context) => null;

    TargetKind IModelPlugin.LanguageModelObjective => LanguageModelObjective;

    /// <summary>
    /// How this model learns a text task: <see cref="TargetKind.MaskedLm"/> (the default, a bidirectional encoder) or
    /// <see cref="TargetKind.CausalLm"/> (a causal decoder). Since Repro.Contracts 1.2.
    /// </summary>
    public virtual TargetKind LanguageModelObjective => TargetKind.MaskedLm;
}

/// <summary>Base of a regularizer plugin: creates one regularizer per stage.</summary>
public abstract class RegularizerPlugin<TParams> : IRegularizerPlugin where TParams : class, new()
{
    Regularizer IRegularizerPlugin.Create(object parameters) => Create((TParams)parameters);

    /// <inheritdoc/>
    public PluginKind Kind => PluginKind.Regularizer;

    /// <inheritdoc/>
    public Type ParametersType => typeof(TParams);

    void IPlugin.Validate(object parameters) => Validate((TParams)parameters);

    /// <summary>
    /// Checks the parameters together (cheap checks only: no files, no tensors) when the recipe is resolved, before
    /// anything is written. Throw <see cref="ParameterException"/> naming the parameter; the host reports it at that
    /// parameter's position in the recipe. Single-value ranges belong in <see cref="ParamAttribute"/> instead.
    /// </summary>
    public virtual void Validate(TParams parameters) { }

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
/// <param name="Tokens">The token string of each id (<c>[PAD]</c>, <c>[UNK]</c>, <c>[CLS]</c>, <c>[SEP]</c>, <c>[MASK]</c> first),
/// so a model loaded from a checkpoint can take each id's embedding row by its token; null when unknown.</param>
/// <param name="Checkpoint">Full path of a Hugging Face checkpoint folder to load the weights from, or null for a fresh
/// initialisation. Only plugins that implement <see cref="ICheckpointModelPlugin"/> are given one.</param>
public sealed record ModelContext(int VocabularySize, int MaxLength, int PaddingId,
    IReadOnlyList<string>? Tokens = null, string? Checkpoint = null);

/// <summary>
/// A model plugin that reads and writes Hugging Face checkpoint folders (<c>config.json</c>, <c>model.safetensors</c>).
/// <see cref="IModelPlugin.Build"/> loads the folder of <see cref="ModelContext.Checkpoint"/> when it is set.
/// </summary>
public interface ICheckpointModelPlugin : IModelPlugin
{
    /// <summary>
    /// Writes <paramref name="body"/> (and <paramref name="head"/>, when it is given) into <paramref name="folder"/> as
    /// <c>config.json</c> and <c>model.safetensors</c>; the host writes the tokenizer files beside them.
    /// </summary>
    void Export(Encoder body, Head? head, ExportContext context, string folder);

    /// <summary>
    /// The name <see cref="Export"/>, given <paramref name="context"/>, writes for the tensor of <paramref name="parameter"/>, a
    /// parameter name of the body (or of the head, when <paramref name="ofHead"/>): for a BERT body's
    /// <c>layers.0.attention.query.weight</c> under a sequence-classification head, <c>bert.encoder.layer.0.attention.self.query.weight</c>.
    /// Null when the tensor has no such name or the plugin does not say. The host names LoRA adapters by it in PEFT's layout
    /// (<c>repro export</c> of a <c>lora:</c> stage), and refuses that export where it is null.
    /// </summary>
    /// <remarks>Repro.Contracts 1.2; the default returns null, so plugins built against 1.1 load and run unchanged.</remarks>
    /// <exception cref="PluginInputException">The model cannot be exported at all (the reason <see cref="Export"/> would give).</exception>
    string? HuggingFaceName(string parameter, bool ofHead, ExportContext context) => null;
}

/// <summary>What a model plugin is given to export a stage.</summary>
/// <param name="Parameters">The model's parameter object, as it was built.</param>
/// <param name="Model">The context it was built with.</param>
/// <param name="Head">The stage's head kind, or null when only the body is exported.</param>
/// <param name="Labels">Class names of a classification head, in label order; empty otherwise.</param>
public sealed record ExportContext(object Parameters, ModelContext Model, HeadSpec? Head, IReadOnlyList<string> Labels);

/// <summary>
/// Bad input that a plugin found in its parameters or files (a checkpoint's missing tensor, an unsupported
/// activation): the host reports the message with exit code 2 and no stack trace. Name the file, tensor or
/// field in the message.
/// </summary>
public sealed class PluginInputException(string message) : Exception(message);
