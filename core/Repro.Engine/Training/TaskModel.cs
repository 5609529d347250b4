using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Repro.Engine.Training;

/// <summary>An encoder body with one task head, and the loss of the task's target kind.</summary>
/// <param name="lora">The stage's LoRA adapters hooked onto the body (shared by its heads), or null.</param>
internal sealed class TaskModel(Encoder body, Head head, TargetKind target, Models.LoraLayers? lora = null) : IDisposable
{
    public Encoder Body => body;
    public Head Head => head;
    public TargetKind Target => target;

    /// <summary>The stage's LoRA adapters on the body, or null.</summary>
    public Models.LoraLayers? Lora => lora;

    /// <summary>Body, adapter and head parameters, each once, in a fixed order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } =
        body.parameters().Concat(lora?.parameters() ?? []).Concat(head.parameters()).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();

    /// <summary>
    /// Head output from input embeddings: the part regularizers re-run on perturbed embeddings. A language-modelling
    /// head sees only the positions with a target (masked tokens; for causal LM every real position but the last), so its
    /// output is (targets, vocabulary): the vocabulary projection, the largest matrix product of pretraining, is not spent
    /// on tokens without a target.
    /// </summary>
    public Tensor ForwardFromEmbeddings(Tensor embeddings, Batch batch) => Forward(embeddings, batch).Output;

    /// <summary>The encoder states, their pooled form and the head output, from input embeddings.</summary>
    public (Tensor States, Tensor Pooled, Tensor Output) Forward(Tensor embeddings, Batch batch)
    {
        var states = body.Encode(embeddings, batch.Padding);
        var pooled = body.Pool(states, batch.Padding);
        if (!LanguageModel) return (states, pooled, head.Predict(states, pooled));
        var positions = MaskedPositions(batch);
        return (states, pooled, head.Predict(states.reshape(-1, states.shape[^1]).index_select(0, positions), pooled));
    }

    /// <summary>The targets matching <see cref="ForwardFromEmbeddings"/>'s rows: for language modelling, the positions with a target in order.</summary>
    public Tensor TargetsOf(Batch batch) =>
        LanguageModel ? batch.Targets.reshape(-1).index_select(0, MaskedPositions(batch)) : batch.Targets;

    /// <summary>The task loss of a batch, averaged (or summed) over examples or masked tokens.</summary>
    public Tensor Loss(Tensor output, Batch batch, nn.Reduction reduction = nn.Reduction.Mean) => target switch
    {
        TargetKind.Regression => mse_loss(output, batch.Targets, reduction),
        // Over the labelled positions only: the first sub-token of each word (the others are -100, cross_entropy's ignore_index).
        TargetKind.TokenClassification => cross_entropy(output.reshape(-1, output.shape[^1]), batch.Targets.reshape(-1), reduction: reduction),
        _ => cross_entropy(output, TargetsOf(batch), reduction: reduction),
    };

    private bool LanguageModel => Recipes.LanguageModelObjective.IsText(target);

    private static Tensor MaskedPositions(Batch batch) => batch.Targets.reshape(-1).ne(-100).nonzero().squeeze(1);

    public void Train(bool on)
    {
        body.train(on);
        head.train(on);
    }

    public void Dispose()
    {
        head.Dispose();
        body.Dispose();
    }
}
