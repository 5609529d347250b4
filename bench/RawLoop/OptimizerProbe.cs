using System.Diagnostics;
using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Training.Optimizers;
using Repro.Plugins.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Bench.RawLoop;

/// <summary>
/// One AdamW step over all of all-MiniLM-L6-v2's parameters (BERT: hidden 384, 6 layers, FFN 1536, vocabulary 30,522,
/// 512 positions; 22.7 M parameters and a 2-class head; random values: the shapes are what costs), taken by TorchSharp's
/// per-tensor <c>optim.AdamW</c> (the raw loop's) and by Repro's fused AdamW, alternating in rounds on the same thread
/// count; returns the median milliseconds per step of each.
/// </summary>
public static class OptimizerProbe
{
    public static (double TorchSharp, double Fused) MillisecondsPerStep(int threads, int rounds = 5, int steps = 4)
    {
        set_num_threads(threads);
        var (reference, fused) = (Parameters(), Parameters());
        var settings = new RawSettings();
        using var perTensor = RawOptimizer.AdamW(reference, settings);
        using var fusedAdamW = StageOptimizer.Create(new OptimizerSpec(OptimizerType.AdamW, settings.Lr, settings.WeightDecay, 0.9, 0.999, 1e-8, 0, false), fused);
        var (a, b) = (new List<double>(), new List<double>());
        perTensor.step();
        fusedAdamW.Step(settings.Lr);
        for (var round = 0; round < rounds; round++)
        {
            a.Add(Time(steps, () => perTensor.step()));
            b.Add(Time(steps, () => fusedAdamW.Step(settings.Lr)));
        }
        return (Median(a), Median(b));
    }

    private static List<Parameter> Parameters()
    {
        manual_seed(1);
        var body = new BertEncoderPlugin().Build(new BertEncoderParameters { HiddenSize = 384, Layers = 6, Heads = 12, FfnSize = 1536 },
            new ModelContext(30522, 512, 0, null, null));
        var head = body.CreateHead(new HeadSpec(TargetKind.Classification, 2));
        var parameters = body.parameters().Concat(head.parameters()).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().ToList();
        foreach (var p in parameters) p.grad = randn_like(p);
        return parameters;
    }

    private static double Time(int steps, Action step)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        return clock.Elapsed.TotalMilliseconds / steps;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
