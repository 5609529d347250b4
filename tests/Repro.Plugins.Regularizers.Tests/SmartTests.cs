using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Regularizers.Tests;

[Trait("Category", "Unit")]
public sealed class SmartTests
{
    private static Smart Start(TinyModel model, SmartParameters parameters)
    {
        var smart = new Smart(parameters);
        smart.OnStageStart(model.Start());
        return smart;
    }

    [Fact]
    public void WithoutPerturbationTheSymmetricKlIsZero()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Proximal = false, Sigma = 0, Epsilon = 0 });
        Assert.Equal(0f, smart.Penalty(model.Step(1, model.Batch()))!.item<float>());
    }

    [Fact]
    public void WithPerturbationTheSymmetricKlIsPositive()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Proximal = false, Sigma = 0.1, Epsilon = 0.5, Eta = 0.1, AscentSteps = 2 });
        Assert.True(smart.Penalty(model.Step(1, model.Batch()))!.item<float>() > 0);
    }

    [Fact]
    public void AscentStepsIncreaseTheDivergence()
    {
        float PenaltyAfter(int steps)
        {
            var model = new TinyModel();
            var smart = Start(model, new SmartParameters { Proximal = false, Sigma = 0.01, Epsilon = 0.3, Eta = 0.1, AscentSteps = steps });
            return smart.Penalty(model.Step(1, model.Batch()))!.item<float>();
        }
        Assert.True(PenaltyAfter(3) > PenaltyAfter(0));
    }

    [Fact]
    public void RegressionTargetsUseSquaredError()
    {
        var model = new TinyModel(TargetKind.Regression);
        var smart = Start(model, new SmartParameters { Proximal = false, Sigma = 0.1, Epsilon = 0.5, Eta = 0.1 });
        var penalty = smart.Penalty(model.Step(1, model.Batch()))!;
        Assert.Equal(0, penalty.dim());
        Assert.True(penalty.item<float>() > 0);
    }

    [Fact]
    public void TheAscentLeavesNoGradientButThePenaltyReachesTheModel()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Proximal = false, Sigma = 0.1, Epsilon = 0.5, Eta = 0.1, AscentSteps = 3 });
        var penalty = smart.Penalty(model.Step(1, model.Batch()))!;
        Assert.All(model.Parameters, p => Assert.True(p.grad is null, "the ascent left a gradient on a parameter"));

        penalty.backward();

        Assert.All(model.Parameters, p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void TheProximalTermIsZeroWhileTheTeacherEqualsTheStudent()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Adversarial = false });
        Assert.Equal(0f, smart.Penalty(model.Step(1, model.Batch()))!.item<float>());
    }

    [Fact]
    public void TheProximalTermPullsTowardsTheTeacher()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Adversarial = false, Mu = 2 });
        using (no_grad()) ((TinyHead)model.Head).V.add_(1);
        var step = model.Step(2, model.Batch());
        var penalty = smart.Penalty(step)!;
        Assert.True(penalty.item<float>() > 0);
        penalty.backward();
        Assert.True(((TinyHead)model.Head).V.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TwoIdenticalRunsGiveBitwiseEqualPenalties()
    {
        static float[] Run()
        {
            var model = new TinyModel();
            var smart = Start(model, new SmartParameters { Sigma = 0.05, Epsilon = 0.2, Eta = 0.05, AscentSteps = 2, Beta = 0.5 });
            var penalties = new List<float>();
            for (var step = 1; step <= 3; step++)
            {
                foreach (var p in model.Parameters) p.grad?.zero_();
                var penalty = smart.Penalty(model.Step(step, model.Batch()))!;
                penalty.backward();
                using (no_grad())
                    foreach (var p in model.Parameters) p.sub_(p.grad! * 0.5);
                smart.AfterOptimizerStep(null!);
                penalties.Add(penalty.item<float>());
            }
            return penalties.ToArray();
        }
        var first = Run();
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), Run().Select(BitConverter.SingleToInt32Bits));
        Assert.All(first.Skip(1), p => Assert.True(p > 0));
    }

    [Fact]
    public void TheTeacherStateRoundTrips()
    {
        var model = new TinyModel();
        var smart = Start(model, new SmartParameters { Adversarial = false, Beta = 0.5 });
        using (no_grad()) ((TinyHead)model.Head).V.add_(1);
        smart.AfterOptimizerStep(null!);
        var saved = smart.State().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var resumed = Start(new TinyModel(), new SmartParameters { Adversarial = false, Beta = 0.5 });
        resumed.LoadState(saved);

        Assert.Equal(saved.Keys.Order(), resumed.State().Keys.Order());
        foreach (var (key, value) in resumed.State()) Assert.True(value.eq(saved[key]).all().item<bool>(), key);
    }

    [Fact]
    public void BothPartsOffIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SmartPlugin().Create(new SmartParameters { Adversarial = false, Proximal = false }));
        Assert.Contains("adversarial and proximal are both false", error.Message);
    }

    [Fact]
    public void TheDefaultsAreThePapers()
    {
        var p = new SmartParameters();
        Assert.Equal((1.0, 1e-5, 1e-5, 1e-3, 1, PerturbationNorm.Linf, 1.0, 0.99, true, true),
            (p.Lambda, p.Epsilon, p.Sigma, p.Eta, p.AscentSteps, p.Norm, p.Mu, p.Beta, p.Adversarial, p.Proximal));
    }
}
