using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Contracts;

/// <summary>
/// A frozen, independent copy of a stage's model (body + head, same architecture): eval mode, no
/// gradients, weights of the moment it was made. Teachers (SMART's momentum teacher) and references
/// (RGKD's starting model) are built from it. The owner disposes it.
/// </summary>
public sealed class ModelCopy(Encoder body, Head head, Func<Tensor, Batch, Tensor> forwardFromEmbeddings) : IDisposable
{
    /// <summary>The copied encoder.</summary>
    public Encoder Body => body;

    /// <summary>The copied head.</summary>
    public Head Head => head;

    /// <summary>Body and head parameters, each once, in the order of <see cref="ParametersOf"/> on the original.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } = ParametersOf(body, head);

    /// <summary>Head output from input embeddings, shaped like <see cref="TrainingStep.Output"/> (masked-LM: masked tokens only).</summary>
    public Tensor ForwardFromEmbeddings(Tensor embeddings, Batch batch) => forwardFromEmbeddings(embeddings, batch);

    /// <summary>Head output of a batch from its own embeddings.</summary>
    public Tensor Forward(Batch batch) => ForwardFromEmbeddings(body.Embed(batch.TokenIds, batch.SegmentIds), batch);

    /// <summary>Body then head parameters, each once (a head may share weights with the body), in a fixed order.</summary>
    public static IReadOnlyList<Parameter> ParametersOf(Encoder body, Head head) =>
        body.parameters().Concat(head.parameters()).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();

    /// <inheritdoc/>
    public void Dispose()
    {
        head.Dispose();
        body.Dispose();
    }
}
