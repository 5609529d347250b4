using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders.Tests;

/// <summary>Tiny decoders of either layout and the batches the tests run them on.</summary>
internal static class Tiny
{
    public const int Vocabulary = 30;
    public const int MaxLength = 12;

    /// <summary>A fresh decoder (dropout off) of <paramref name="layout"/>, from <paramref name="seed"/>.</summary>
    public static CausalDecoder Decoder(string layout, long seed = 1, Action<CausalDecoderParameters>? change = null)
    {
        var parameters = Parameters(layout);
        change?.Invoke(parameters);
        manual_seed(seed);
        var decoder = (CausalDecoder)((IModelPlugin)new CausalDecoderPlugin()).Build(parameters, Context());
        decoder.eval();
        return decoder;
    }

    public static CausalDecoderParameters Parameters(string layout) => new()
    {
        Layout = layout, HiddenSize = 16, Layers = 2, Heads = 4, KvHeads = layout == "llama" ? 2 : 0, FfnSize = 24,
        Dropout = 0, AttentionDropout = 0, InitStd = 0.3, RopeTheta = 100,
    };

    public static ModelContext Context(IReadOnlyList<string>? tokens = null, string? checkpoint = null) =>
        new(tokens?.Count ?? Vocabulary, MaxLength, PaddingId: 0, tokens, checkpoint);

    /// <summary>Right-padded ids (rows of lengths <paramref name="lengths"/>, padded with id 0) and the padding mask.</summary>
    public static (Tensor Ids, Tensor Padding) Batch(IReadOnlyList<long[]> rows)
    {
        var width = rows.Max(r => r.Length);
        var ids = new long[rows.Count * width];
        var padding = new bool[ids.Length];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < width; c++)
            {
                if (c < rows[r].Length) ids[r * width + c] = rows[r][c];
                else padding[r * width + c] = true;
            }
        return (tensor(ids).reshape(rows.Count, width), tensor(padding).reshape(rows.Count, width));
    }

    /// <summary>The final states of a batch.</summary>
    public static Tensor States(CausalDecoder decoder, Tensor ids, Tensor padding)
    {
        using var noGrad = no_grad();
        return decoder.Encode(decoder.Embed(ids, zeros_like(ids)), padding);
    }

    /// <summary>The largest absolute difference of two tensors.</summary>
    public static float MaxAbs(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
