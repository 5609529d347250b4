using static TorchSharp.torch;

namespace Repro.Contracts;

/// <summary>
/// Hooks into the one training loop. Order per step: forward → loss + every <see cref="Penalty"/>
/// → backward → clip → optimizer step → every <see cref="AfterOptimizerStep"/>.
/// A regularizer draws random numbers only from <see cref="StageStart.Generator"/>.
/// </summary>
public abstract class Regularizer : IDisposable
{
    /// <summary>Called once before the first step, with the stage's starting weights in place.</summary>
    public virtual void OnStageStart(StageStart stage) { }

    /// <summary>An extra loss term for this step (a scalar tensor), or null for none.</summary>
    public virtual Tensor? Penalty(TrainingStep step) => null;

    /// <summary>Called after the optimizer updated the weights.</summary>
    public virtual void AfterOptimizerStep(TrainingStep step) { }

    /// <summary>
    /// Tensors a checkpoint must keep so a resumed stage continues exactly (reference weights, a
    /// teacher, running statistics). The generator's state is kept by the host.
    /// </summary>
    public virtual IReadOnlyDictionary<string, Tensor> State() => new Dictionary<string, Tensor>();

    /// <summary>Restores what <see cref="State"/> returned, after <see cref="OnStageStart"/>, when a stage resumes.</summary>
    public virtual void LoadState(IReadOnlyDictionary<string, Tensor> state) { }

    /// <summary>Releases tensors the regularizer holds (reference weights, teachers).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>What a regularizer sees when a stage starts.</summary>
/// <param name="Body">The encoder being trained (weights already transferred when the stage has <c>from:</c>).</param>
/// <param name="Head">The stage's task head.</param>
/// <param name="Transferred">True when the body's weights came from an earlier stage.</param>
/// <param name="Generator">The regularizer's own random stream, seeded from the seed tree.</param>
/// <param name="Device">Where the model lives.</param>
/// <param name="TotalSteps">Steps the stage will run.</param>
/// <param name="CopyModel">
/// Makes a <see cref="ModelCopy"/> of body and head with their current weights; null where the host
/// offers none (unit tests). Making a copy draws no random numbers the run can see.
/// </param>
public sealed record StageStart(Encoder Body, Head Head, bool Transferred, Generator Generator, Device Device, int TotalSteps,
    Func<ModelCopy>? CopyModel = null);

/// <summary>One training step as a regularizer sees it.</summary>
/// <param name="Step">1-based step number within the stage.</param>
/// <param name="Batch">The batch being trained on.</param>
/// <param name="Embeddings">The clean input embeddings of this step's forward pass.</param>
/// <param name="States">The encoder's states of this step's forward pass: (batch, length, hidden).</param>
/// <param name="Pooled">The pooled representation of this step's forward pass: (batch, hidden).</param>
/// <param name="Output">The head's output of this step's forward pass: (batch, outputs), or for masked-LM (masked tokens, vocabulary).</param>
/// <param name="ForwardFromEmbeddings">Re-runs encoder and head from (perturbed) input embeddings.</param>
public sealed record TrainingStep(int Step, Batch Batch, Tensor Embeddings, Tensor States, Tensor Pooled, Tensor Output, Func<Tensor, Tensor> ForwardFromEmbeddings);

/// <summary>A batch of encoded examples.</summary>
/// <param name="TokenIds">(batch, length) int64.</param>
/// <param name="SegmentIds">(batch, length) int64, 0 for the first sentence, 1 for the second.</param>
/// <param name="Padding">(batch, length) bool, true at padded positions.</param>
/// <param name="Targets">Class indices (batch) int64, values (batch) float32, or for masked LM (batch, length) int64 with -100 where no loss is taken.</param>
public sealed record Batch(Tensor TokenIds, Tensor SegmentIds, Tensor Padding, Tensor Targets);
