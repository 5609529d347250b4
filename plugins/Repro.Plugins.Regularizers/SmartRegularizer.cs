using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers;

/// <summary>Parameters of <see cref="SmartPlugin"/>, named as in Jiang et al. (2020); defaults are the paper's.</summary>
public sealed class SmartParameters
{
    /// <summary>Whether the smoothness-inducing adversarial term λ_s·R_s is on.</summary>
    [Param("Smoothness-inducing adversarial regularization on (λ_s·R_s).")]
    public bool Adversarial { get; set; } = true;

    /// <summary>Whether the Bregman proximal point term μ·D_Breg with the momentum teacher is on.</summary>
    [Param("Bregman proximal point optimization with a momentum teacher on (μ·D_Breg).")]
    public bool Proximal { get; set; } = true;

    /// <summary>λ_s: weight of R_s.</summary>
    [Param("λ_s: weight of the adversarial term (paper: 1, tuned in {1, 3, 5}).", Min = 0)]
    public double Lambda { get; set; } = 1;

    /// <summary>ε: bound on the perturbation's norm, per token.</summary>
    [Param("ε: bound of the embedding perturbation's norm, per token.", Min = 0)]
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>σ: standard deviation of the initial noise.</summary>
    [Param("σ: standard deviation of the initial Gaussian perturbation.", Min = 0)]
    public double Sigma { get; set; } = 1e-5;

    /// <summary>η: step size of each ascent step.</summary>
    [Param("η: step size of each projected ascent step.", Min = 0)]
    public double Eta { get; set; } = 1e-3;

    /// <summary>T_x̃: projected ascent steps per training step.</summary>
    [Param("T_x̃ (K): projected ascent steps on the perturbation per training step.", Min = 0, Max = 100)]
    public int AscentSteps { get; set; } = 1;

    /// <summary>The norm of the ε-ball and of the ascent direction.</summary>
    [Param("Norm of the ε-ball and of the normalised ascent direction, per token.")]
    public PerturbationNorm Norm { get; set; } = PerturbationNorm.Linf;

    /// <summary>μ: weight of D_Breg.</summary>
    [Param("μ: weight of the proximal term (distance to the momentum teacher's outputs).", Min = 0)]
    public double Mu { get; set; } = 1;

    /// <summary>β: momentum of the teacher's weights.</summary>
    [Param("β: momentum of the teacher, θ̃ ← β·θ̃ + (1 − β)·θ after each step.", Min = 0, Max = 1)]
    public double Beta { get; set; } = 0.99;
}

/// <summary>
/// SMART (Jiang, He, Chen, Liu, Gao &amp; Zhao, 2020, "SMART: Robust and Efficient Fine-Tuning for
/// Pre-trained Natural Language Models through Principled Regularized Optimization"):
/// λ_s·ℓ_s(f(x), f(x + δ)) with δ found by projected ascent from Gaussian noise, plus
/// μ·ℓ_s(f(x; θ), f(x; θ̃)) with θ̃ a momentum (EMA) teacher. ℓ_s: <see cref="OutputDivergence"/>.
/// </summary>
[Plugin("smart", "1.0.0", Description = "SMART: adversarial smoothness on input embeddings + Bregman proximal point with a momentum teacher",
    Determinism = DeterminismTier.SameHardware)]
public sealed class SmartPlugin : RegularizerPlugin<SmartParameters>
{
    /// <inheritdoc/>
    public override Regularizer Create(SmartParameters parameters) => new Smart(parameters);
}

/// <summary>The SMART penalty of one stage.</summary>
public sealed class Smart : Regularizer
{
    private readonly SmartParameters _p;
    private Generator? _generator;
    private MomentumTeacher? _teacher;

    /// <summary>Checks that at least one part is on.</summary>
    public Smart(SmartParameters parameters)
    {
        if (!parameters.Adversarial && !parameters.Proximal)
            throw new ArgumentException("adversarial and proximal are both false, which leaves nothing to regularize; turn one on or remove the regularizer");
        _p = parameters;
    }

    /// <inheritdoc/>
    public override void OnStageStart(StageStart stage)
    {
        _generator = stage.Generator;
        if (_p.Proximal) _teacher = new MomentumTeacher(stage);
    }

    /// <inheritdoc/>
    public override Tensor? Penalty(TrainingStep step)
    {
        Tensor? penalty = null;
        if (_p.Adversarial) penalty = AdversarialPenalty(step) * _p.Lambda;
        if (_teacher is not null)
        {
            var proximal = OutputDivergence.Of(step.Output, _teacher.Output(step.Batch)) * _p.Mu;
            penalty = penalty is null ? proximal : penalty + proximal;
        }
        return penalty;
    }

    /// <summary>
    /// R_s = ℓ_s(f(x), f(x + δ)) with δ from σ-noise and T_x̃ normalised ascent steps projected onto the ε-ball.
    /// The ascent differentiates only δ (autograd.grad), on detached embeddings and clean outputs, so it leaves
    /// no gradient on the model; the returned term differentiates the model through both outputs.
    /// </summary>
    public Tensor AdversarialPenalty(TrainingStep step)
    {
        var embeddings = step.Embeddings.detach();
        var clean = step.Output.detach();
        var delta = randn(embeddings.shape, dtype: embeddings.dtype, device: embeddings.device, generator: _generator) * _p.Sigma;
        for (var k = 0; k < _p.AscentSteps; k++)
        {
            delta = delta.detach().requires_grad_(true);
            var divergence = OutputDivergence.Of(clean, step.ForwardFromEmbeddings(embeddings + delta));
            var gradient = autograd.grad([divergence], [delta])[0];
            delta = _p.Norm.Project(delta.detach() + _p.Norm.Direction(gradient) * _p.Eta, _p.Epsilon);
        }
        return OutputDivergence.Of(step.Output, step.ForwardFromEmbeddings(step.Embeddings + delta.detach()));
    }

    /// <inheritdoc/>
    public override void AfterOptimizerStep(TrainingStep step) => _teacher?.Update(_p.Beta);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Tensor> State() =>
        _teacher?.State().ToDictionary(x => x.Key, x => x.Weight) ?? new Dictionary<string, Tensor>();

    /// <inheritdoc/>
    public override void LoadState(IReadOnlyDictionary<string, Tensor> state) => _teacher?.LoadState(state);

    /// <inheritdoc/>
    public override void Dispose()
    {
        _teacher?.Dispose();
        _teacher = null;
        base.Dispose();
    }
}
