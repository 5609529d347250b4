using System.Diagnostics;
using Repro.Bench.Tasks;
using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Bench.RawLoop;

/// <summary>
/// What a raw run measured: per-window seconds, losses, the live tensor count at each window end, and the step split
/// (seconds per phase over all steps, the phases of <c>repro run --profile</c>).
/// </summary>
public sealed record RawResult(IReadOnlyList<double> WindowSeconds, IReadOnlyList<float> WindowLosses, IReadOnlyList<long> LiveTensors, IReadOnlyList<float> StepLosses,
    IReadOnlyDictionary<string, double> PhaseSeconds);

/// <summary>
/// The training loop written directly against TorchSharp: the same data, seeds, model, optimizer, clipping and
/// schedule as a recipe run of the bench workload, with nothing of the engine in between.
/// </summary>
public static class RawTraining
{
    /// <summary>Trains for <see cref="RawSettings.Steps"/> steps. <paramref name="everyStepLoss"/> reads every loss back (for tests; costs a sync per step).</summary>
    public static RawResult Run(RawSettings s, bool everyStepLoss = false, Action<int>? afterStep = null)
    {
        set_num_threads(s.Threads);
        var data = new BenchTaskParameters { TrainSize = s.TrainSize, Length = s.Length, Vocabulary = s.Vocabulary, Seed = s.DataSeed };
        var train = s.MaskedLm ? BenchCorpus.Split(data, "train", s.TrainSize) : BenchClassification.Split(data, "train", s.TrainSize);
        var (sentences, vocabularySize, tokens) = s.Checkpoint is null ? Words(train) : CheckpointPieces(s, train);
        var batches = new RawBatches(sentences, train.Select(e => (long)e.Label).ToList(), s.BatchSize, vocabularySize,
            new Rng(SeedPath.For(s.Seed, s.Stage, "data-order")), new Rng(SeedPath.For(s.Seed, s.Stage, "masking")));

        using var model = new RawModel(s, vocabularySize, tokens);
        using var optimizer = RawOptimizer.AdamW(model.Parameters, s);
        using var runningLoss = zeros(1);
        manual_seed(SeedPath.For(s.Seed, s.Stage, "dropout"));
        model.Train();

        var (windowSeconds, windowLosses, live, stepLosses) = (new List<double>(), new List<float>(), new List<long>(), new List<float>());
        var clock = Stopwatch.StartNew();
        var (windowStart, windowSteps) = (0.0, 0);
        var phases = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var phaseClock = new Stopwatch();
        void Mark(string phase)
        {
            phases[phase] = phases.GetValueOrDefault(phase) + phaseClock.Elapsed.TotalSeconds;
            phaseClock.Restart();
        }
        for (var step = 1; step <= s.Steps; step++)
        {
            phaseClock.Restart();
            using (var scope = NewDisposeScope())
            {
                var (ids, padding, targets) = batches.Next(s.MaskProbability, s.MaskedLm);
                Mark("data");
                optimizer.zero_grad();
                Mark("optimizer");
                var loss = model.Loss(ids, zeros_like(ids), padding, targets);
                Mark("forward");
                loss.backward();
                Mark("backward");
                if (s.GradClip > 0) RawOptimizer.ClipGradients(model.Parameters, s.GradClip);
                Mark("clip");
                foreach (var group in optimizer.ParamGroups) group.LearningRate = RawOptimizer.LearningRate(s, step);
                optimizer.step();
                Mark("optimizer");
                using (no_grad()) runningLoss.add_(loss.detach());
                windowSteps++;
                if (everyStepLoss) stepLosses.Add(loss.item<float>());
                if (step % s.Window == 0 || step == s.Steps)
                {
                    windowLosses.Add(runningLoss.item<float>() / windowSteps);
                    windowSteps = 0;
                    runningLoss.zero_();
                    var now = clock.Elapsed.TotalSeconds;
                    windowSeconds.Add(now - windowStart);
                    windowStart = now;
                }
            }
            Mark("other");
            if (step % s.Window == 0) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            afterStep?.Invoke(step);
        }
        return new RawResult(windowSeconds, windowLosses, live, stepLosses, phases);
    }

    /// <summary>Ids of the <c>words</c> tokenizer (<see cref="WordIds"/>).</summary>
    private static (List<long[]>, int, IReadOnlyList<string>?) Words(IReadOnlyList<Example> train)
    {
        var words = new WordIds(train.Select(e => e.Text));
        return (train.Select(e => words.Encode(e.Text)).ToList(), words.Size, null);
    }

    /// <summary>
    /// Ids of the checkpoint's WordPiece tokenizer, as <c>tokenizer: { from: model }</c> makes them (the engine's
    /// tokenizer, used for the data only, before timing starts). Every sentence must fill the width: the bench
    /// measures one batch shape.
    /// </summary>
    private static (List<long[]>, int, IReadOnlyList<string>?) CheckpointPieces(RawSettings s, IReadOnlyList<Example> train)
    {
        var spec = new TokenizerSpec(TokenizerType.WordPiece, s.Stage, s.Length + 2, MinCount: 1, Lowercase: true, FromModel: true);
        var tokenizer = TokenizerBuilder.Build(spec, train.Select(e => e.Text), s.Checkpoint);
        var sentences = train.Select(e => tokenizer.Encode(e).Ids).ToList();
        if (sentences.FirstOrDefault(ids => ids.Length != s.Length + 2) is { } short_)
            throw new InvalidOperationException($"a bench sentence encodes to {short_.Length} tokens, not {s.Length + 2}: lengthen the sentences");
        return (sentences, tokenizer.VocabularySize, tokenizer.Tokens);
    }
}
