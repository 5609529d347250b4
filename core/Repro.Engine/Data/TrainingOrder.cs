using Repro.Contracts;

namespace Repro.Engine.Data;

/// <summary>
/// The order in which training examples are visited: a fresh permutation per epoch from the stage's
/// data-order stream, batches never straddling an epoch. The cursor (epoch, position, stream state)
/// is all a checkpoint needs to continue exactly.
/// </summary>
public sealed class TrainingOrder(int count, int batchSize, Rng rng)
{
    private int[] _order = [];
    private int _position = int.MaxValue;

    /// <summary>Epochs started so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => (count + batchSize - 1) / batchSize;

    /// <summary>The cursor: where the order stands, for checkpoints.</summary>
    public TrainingOrderState State
    {
        get => new(Epoch, _position, [.. _order], rng.State);
        set => (Epoch, _position, _order, rng.State) = (value.Epoch, value.Position, [.. value.Order], value.Rng);
    }

    /// <summary>Indices of the next batch.</summary>
    public int[] Next()
    {
        if (_position >= count)
        {
            _order = Enumerable.Range(0, count).ToArray();
            rng.Shuffle(_order);
            _position = 0;
            Epoch++;
        }
        var size = Math.Min(batchSize, count - _position);
        var batch = _order.AsSpan(_position, size).ToArray();
        _position += size;
        return batch;
    }
}

/// <summary>The cursor of a <see cref="TrainingOrder"/>: epoch, position in the epoch's permutation, the permutation, the stream.</summary>
public sealed record TrainingOrderState(int Epoch, int Position, int[] Order, ulong[] Rng);
