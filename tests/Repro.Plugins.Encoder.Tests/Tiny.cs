using Repro.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders.Tests;

/// <summary>Tiny models and batches shared by the tests.</summary>
internal static class Tiny
{
    public const int Vocabulary = 20;
    public const int PaddingId = 0;
    public const int MaxLength = 10;
    public static readonly ModelContext Context = new(Vocabulary, MaxLength, PaddingId);

    public static BertEncoderParameters Parameters(string norm = "post", string pooling = "pooler", int layers = 2, double dropout = 0.1, int adapterSize = 0) => new()
    {
        HiddenSize = 32,
        Heads = 4,
        FfnSize = 64,
        Layers = layers,
        Norm = norm,
        Pooling = pooling,
        Dropout = dropout,
        AttentionDropout = dropout,
        AdapterSize = adapterSize,
    };

    /// <summary>A module's parameters by name.</summary>
    public static Dictionary<string, Tensor> Weights(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    /// <summary>Seeds the global generator, as the host does, and builds through the plugin.</summary>
    public static BertEncoder Build(long seed, BertEncoderParameters? parameters = null)
    {
        torch.manual_seed(seed);
        return (BertEncoder)new BertEncoderPlugin().Build(parameters ?? Parameters(), Context);
    }

    /// <summary>Seeds the global generator, as the host does, and creates a head.</summary>
    public static Head CreateHead(BertEncoder encoder, TargetKind target, long seed = 7)
    {
        torch.manual_seed(seed);
        var outputs = target switch { TargetKind.MaskedLm => Vocabulary, TargetKind.Classification or TargetKind.TokenClassification => 3, _ => 1 };
        return encoder.CreateHead(new HeadSpec(target, outputs));
    }

    /// <summary>Three rows of length 8 with 8, 5 and 3 real tokens; padded positions hold the padding id.</summary>
    public static Batch Batch()
    {
        long[,] ids =
        {
            { 2, 7, 3, 9, 4, 11, 6, 8 },
            { 2, 5, 12, 13, 3, 0, 0, 0 },
            { 2, 17, 3, 0, 0, 0, 0, 0 },
        };
        long[,] segments =
        {
            { 0, 0, 0, 0, 1, 1, 1, 1 },
            { 0, 0, 0, 1, 1, 0, 0, 0 },
            { 0, 0, 0, 0, 0, 0, 0, 0 },
        };
        var tokenIds = tensor(ids);
        return new Batch(tokenIds, tensor(segments), tokenIds.eq(PaddingId), zeros(3, dtype: ScalarType.Int64));
    }

    /// <summary>Runs embed → encode → pool in eval mode without gradients.</summary>
    public static (Tensor States, Tensor Pooled) Run(BertEncoder encoder, Tensor tokenIds, Tensor segmentIds, Tensor padding)
    {
        encoder.eval();
        using var noGrad = no_grad();
        var states = encoder.Encode(encoder.Embed(tokenIds, segmentIds), padding);
        return (states, encoder.Pool(states, padding));
    }
}
