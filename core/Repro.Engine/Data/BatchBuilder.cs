using Repro.Contracts;
using Repro.Engine.Tokenizers;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Pads a list of encoded examples to the longest in the batch and makes the tensors of a <see cref="Batch"/>.
/// Masked-LM batches are masked BERT-style from the caller's <see cref="Rng"/>: of the chosen
/// positions 80% become [MASK], 10% a random word, 10% stay. Causal-LM batches target the next token.
/// </summary>
public static class BatchBuilder
{
    /// <summary>The batch of a head of kind <paramref name="target"/>: masked (from <paramref name="rng"/>), causal or labelled.</summary>
    public static Batch For(IReadOnlyList<EncodedExample> examples, TargetKind target, double maskProbability, int vocabularySize, Rng rng, Device device) =>
        target switch
        {
            TargetKind.MaskedLm => Masked(examples, maskProbability, vocabularySize, rng, device),
            TargetKind.CausalLm => Causal(examples, device),
            _ => Labelled(examples, target, device),
        };

    /// <summary>
    /// Builds a causal-LM batch: the target at each position is the next token (the ids shifted left); the last real
    /// position and padding have none (-100). Inputs are unchanged.
    /// </summary>
    public static Batch Causal(IReadOnlyList<EncodedExample> examples, Device device)
    {
        var (ids, segments, padding, width) = Pad(examples);
        var targets = new long[ids.Length];
        Array.Fill(targets, -100L);
        for (var row = 0; row < examples.Count; row++)
            for (var col = 0; col + 1 < examples[row].Ids.Length; col++)
                targets[row * width + col] = ids[row * width + col + 1];
        return Make(ids, segments, padding, examples.Count, width, tensor(targets).reshape(examples.Count, width), device);
    }

        /// <summary>Builds a batch for a classification, regression or token classification task (targets (batch, length) for the last).</summary>
    public static Batch Labelled(IReadOnlyList<EncodedExample> examples, TargetKind target, Device device)
    {
        var (ids, segments, padding, width) = Pad(examples);
        if (target == TargetKind.TokenClassification) return Make(ids, segments, padding, examples.Count, width, TokenTargets(examples, width), device);
        var targets = target == TargetKind.Regression
            ? tensor(examples.Select(e => (float)e.Value).ToArray())
            : tensor(examples.Select(e => (long)e.Label).ToArray());
        return Make(ids, segments, padding, examples.Count, width, targets, device);
    }

    /// <summary>Builds a masked-LM batch; at least one position is masked.</summary>
    public static Batch Masked(IReadOnlyList<EncodedExample> examples, double probability, int vocabularySize, Rng rng, Device device)
    {
        var (ids, segments, padding, width) = Pad(examples);
        var targets = new long[ids.Length];
        Array.Fill(targets, -100L);
        var candidates = new List<int>();
        for (var i = 0; i < ids.Length; i++)
            if (ids[i] >= Vocabulary.Specials.Length || ids[i] == Vocabulary.Unk) candidates.Add(i);
        var masked = 0;
        foreach (var i in candidates)
            if (rng.Chance(probability)) { MaskAt(i); masked++; }
        if (masked == 0 && candidates.Count > 0) MaskAt(candidates[rng.Next(candidates.Count)]);
        return Make(ids, segments, padding, examples.Count, width, tensor(targets).reshape(examples.Count, width), device);

        void MaskAt(int i)
        {
            targets[i] = ids[i];
            var roll = rng.NextDouble();
            if (roll < 0.8) ids[i] = Vocabulary.Mask;
            else if (roll < 0.9) ids[i] = Vocabulary.Specials.Length + rng.Next(vocabularySize - Vocabulary.Specials.Length);
        }
    }

    /// <summary>Per-token targets (rows, width) of token-level examples (<see cref="EncodedExample.TokenTargets"/>), −100 at padding.</summary>
    private static Tensor TokenTargets(IReadOnlyList<EncodedExample> examples, int width)
    {
        var targets = new long[examples.Count * width];
        Array.Fill(targets, WordAlignment.Ignored);
        for (var row = 0; row < examples.Count; row++)
            examples[row].TokenTargets!.CopyTo(targets, row * width);
        return tensor(targets).reshape(examples.Count, width);
    }

    private static (long[] Ids, long[] Segments, bool[] Padding, int Width) Pad(IReadOnlyList<EncodedExample> examples)
    {
        var width = examples.Max(e => e.Ids.Length);
        var ids = new long[examples.Count * width];
        var segments = new long[ids.Length];
        var padding = new bool[ids.Length];
        for (var row = 0; row < examples.Count; row++)
        {
            var e = examples[row];
            for (var col = 0; col < width; col++)
            {
                var k = row * width + col;
                if (col < e.Ids.Length) { ids[k] = e.Ids[col]; segments[k] = e.Segments[col]; }
                else { ids[k] = Vocabulary.Pad; padding[k] = true; }
            }
        }
        return (ids, segments, padding, width);
    }

    private static Batch Make(long[] ids, long[] segments, bool[] padding, int rows, int width, Tensor targets, Device device) =>
        new(tensor(ids).reshape(rows, width).to(device),
            tensor(segments).reshape(rows, width).to(device),
            tensor(padding).reshape(rows, width).to(device),
            targets.to(device));
}
