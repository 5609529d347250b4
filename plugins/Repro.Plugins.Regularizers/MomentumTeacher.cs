using Repro.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers;

/// <summary>
/// A frozen copy of the student whose weights follow the student's as an exponential moving average:
/// θ̃ ← β·θ̃ + (1 − β)·θ after every optimizer step (SMART's Bregman proximal point teacher).
/// </summary>
public sealed class MomentumTeacher : IDisposable
{
    private readonly ModelCopy _copy;
    private readonly IReadOnlyList<Parameter> _student;

    /// <summary>Starts the teacher as a copy of the student's current weights.</summary>
    public MomentumTeacher(StageStart stage)
    {
        _copy = (stage.CopyModel ?? throw new InvalidOperationException("the host offers no model copy (StageStart.CopyModel)"))();
        _student = ModelCopy.ParametersOf(stage.Body, stage.Head);
        if (_student.Count != _copy.Parameters.Count)
            throw new InvalidOperationException($"the model copy has {_copy.Parameters.Count} parameters, the student {_student.Count}");
    }

    /// <summary>The teacher's output for a batch, without gradients.</summary>
    public Tensor Output(Batch batch)
    {
        using var noGrad = no_grad();
        return _copy.Forward(batch);
    }

    /// <summary>θ̃ ← β·θ̃ + (1 − β)·θ.</summary>
    public void Update(double beta)
    {
        using var noGrad = no_grad();
        foreach (var (teacher, student) in _copy.Parameters.Zip(_student))
            teacher.mul_(beta).add_(student, alpha: 1 - beta);
    }

    /// <summary>The teacher's weights, for checkpoints.</summary>
    public IEnumerable<(string Key, Tensor Weight)> State() => _copy.Parameters.Select((p, i) => ($"teacher.{i}", (Tensor)p));

    /// <summary>Restores weights that <see cref="State"/> returned.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _copy.Parameters.Count; i++) _copy.Parameters[i].copy_(state[$"teacher.{i}"]);
    }

    /// <inheritdoc/>
    public void Dispose() => _copy.Dispose();
}
