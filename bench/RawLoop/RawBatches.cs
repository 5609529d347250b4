using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Bench.RawLoop;

/// <summary>
/// The batches of a run: a fresh shuffle of the training sentences per epoch from the data-order stream,
/// and for masked LM BERT masking from the masking stream (15%: 80% [MASK], 10% a random word, 10% kept).
/// </summary>
public sealed class RawBatches(IReadOnlyList<long[]> sentences, IReadOnlyList<long> labels, int batchSize, int vocabularySize, Rng order, Rng masking)
{
    private int[] _order = [];
    private int _position = int.MaxValue;

    /// <summary>Token ids (batch, length) after masking, padding mask (all false: sentences have one length) and targets.</summary>
    public (Tensor Ids, Tensor Padding, Tensor Targets) Next(double maskProbability, bool maskedLm)
    {
        if (_position >= sentences.Count)
        {
            _order = Enumerable.Range(0, sentences.Count).ToArray();
            order.Shuffle(_order);
            _position = 0;
        }
        var rows = Math.Min(batchSize, sentences.Count - _position);
        var picked = _order.AsSpan(_position, rows).ToArray();
        _position += rows;

        var width = sentences[picked[0]].Length;
        var ids = new long[rows * width];
        for (var r = 0; r < rows; r++) sentences[picked[r]].CopyTo(ids, r * width);
        var padding = zeros(rows, width, dtype: ScalarType.Bool);
        var targets = maskedLm ? tensor(Mask(ids, maskProbability)).reshape(rows, width) : tensor(picked.Select(i => labels[i]).ToArray());
        return (tensor(ids).reshape(rows, width), padding, targets);
    }

    private long[] Mask(long[] ids, double probability)
    {
        var targets = new long[ids.Length];
        Array.Fill(targets, -100L);
        var candidates = new List<int>();
        for (var i = 0; i < ids.Length; i++)
            if (ids[i] >= WordIds.Specials || ids[i] == 1) candidates.Add(i);
        var masked = 0;
        foreach (var i in candidates)
            if (masking.Chance(probability)) { MaskAt(i); masked++; }
        if (masked == 0 && candidates.Count > 0) MaskAt(candidates[masking.Next(candidates.Count)]);
        return targets;

        void MaskAt(int i)
        {
            targets[i] = ids[i];
            var roll = masking.NextDouble();
            if (roll < 0.8) ids[i] = WordIds.Mask;
            else if (roll < 0.9) ids[i] = WordIds.Specials + masking.Next(vocabularySize - WordIds.Specials);
        }
    }
}
