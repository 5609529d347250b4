using System.Text;

namespace Repro.Tests.Support;

/// <summary>
/// A SentencePiece <c>tokenizer.model</c> written by hand in its protobuf layout (sentencepiece_model.proto: ModelProto
/// pieces = 1 {piece = 1, score = 2, type = 3}, trainer_spec = 2 {model_type = 3 (BPE = 2), unk_id = 40, bos_id = 41,
/// eos_id = 42}, normalizer_spec = 3 {name = 1, add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5}),
/// with LLaMA's settings: identity normalisation, a dummy prefix, spaces as ▁, whitespace kept.
/// </summary>
internal static class SentencePieceModelFile
{
    /// <summary>Piece types.</summary>
    public const int Normal = 1, Unknown = 2, Control = 3;

    /// <summary>The model file of <paramref name="pieces"/> (id = position; a higher score merges first).</summary>
    public static byte[] Bpe(IEnumerable<(string Piece, float Score, int Type)> pieces)
    {
        var model = new MemoryStream();
        foreach (var (piece, score, type) in pieces)
        {
            var entry = new MemoryStream();
            Text(entry, 1, piece);
            Tag(entry, 2, 5);
            entry.Write(BitConverter.GetBytes(score));
            Number(entry, 3, (ulong)type);
            Message(model, 1, entry);
        }
        var trainer = new MemoryStream();
        Number(trainer, 3, 2);
        Number(trainer, 40, 0);
        Number(trainer, 41, 1);
        Number(trainer, 42, 2);
        Message(model, 2, trainer);
        var normalizer = new MemoryStream();
        Text(normalizer, 1, "identity");
        Number(normalizer, 3, 1);
        Number(normalizer, 4, 0);
        Number(normalizer, 5, 1);
        Message(model, 3, normalizer);
        return model.ToArray();
    }

    private static void Varint(Stream s, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            s.WriteByte(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    private static void Tag(Stream s, int field, int wireType) => Varint(s, (ulong)((field << 3) | wireType));

    private static void Number(Stream s, int field, ulong value) { Tag(s, field, 0); Varint(s, value); }

    private static void Text(Stream s, int field, string value) => Bytes(s, field, Encoding.UTF8.GetBytes(value));

    private static void Message(Stream s, int field, MemoryStream message) => Bytes(s, field, message.ToArray());

    private static void Bytes(Stream s, int field, byte[] value) { Tag(s, field, 2); Varint(s, (ulong)value.Length); s.Write(value); }
}
