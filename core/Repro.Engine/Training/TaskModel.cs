using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Repro.Engine.Training;

/// <summary>An encoder body with one task head, and the loss of the task's target kind.</summary>
internal sealed class TaskModel(Encoder body, Head head, TargetKind target) : IDisposable
{
    public Encoder Body => body;
    public Head Head => head;
    public TargetKind Target => target;

    /// <summary>Body and head parameters, each once, in a fixed order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } =
        body.parameters().Concat(head.parameters()).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();

    /// <summary>Head output from input embeddings: the part regularizers re-run on perturbed embeddings.</summary>
    public Tensor ForwardFromEmbeddings(Tensor embeddings, Tensor padding)
    {
        var states = body.Encode(embeddings, padding);
        return head.Predict(states, body.Pool(states, padding));
    }

    /// <summary>The task loss of a batch, averaged (or summed) over examples or masked tokens.</summary>
    public Tensor Loss(Tensor output, Tensor targets, nn.Reduction reduction = nn.Reduction.Mean) => target switch
    {
        TargetKind.MaskedLm => cross_entropy(output.reshape(-1, output.shape[^1]), targets.reshape(-1), ignore_index: -100, reduction: reduction),
        TargetKind.Regression => mse_loss(output, targets, reduction),
        _ => cross_entropy(output, targets, reduction: reduction),
    };

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
