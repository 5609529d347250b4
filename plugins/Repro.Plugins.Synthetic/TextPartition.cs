namespace Repro.Plugins.Synthetic;

/// <summary>
/// Splits the space of all sentence strings in two by a hash of the text: the pretraining corpus only
/// ever holds <see cref="Corpus"/> texts and the fine-tuning tasks only <see cref="HeldOut"/> ones, so no
/// fine-tuning example can occur in the corpus, whatever the sizes of either.
/// </summary>
internal enum TextPartition
{
    /// <summary>Texts the corpus may contain (three quarters of all strings).</summary>
    Corpus,
    /// <summary>Texts reserved for fine-tuning tasks (one quarter of all strings).</summary>
    HeldOut,
}

/// <summary>Which partition a text belongs to.</summary>
internal static class TextPartitions
{
    /// <summary>The partition of <paramref name="text"/>; fixed forever by its characters alone.</summary>
    public static TextPartition Of(string text) =>
        StableHash.Of(text) % 4 == 0 ? TextPartition.HeldOut : TextPartition.Corpus;
}
