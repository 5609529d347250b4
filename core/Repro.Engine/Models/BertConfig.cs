namespace Repro.Engine.Models;

/// <summary>
/// The sizes of a BERT encoder, as Hugging Face's <c>config.json</c> names them. Checked against the ONNX
/// initializer shapes when a known model is imported.
/// </summary>
public sealed record BertConfig(
    int VocabSize, int HiddenSize, int NumHiddenLayers, int NumAttentionHeads, int IntermediateSize,
    int MaxPositionEmbeddings, int TypeVocabSize, string HiddenAct, double LayerNormEps)
{
    /// <summary>Hugging Face's <c>config.json</c> for a <c>BertModel</c> with these sizes (dropout 0.1, initializer range 0.02, pad id 0).</summary>
    public SortedDictionary<string, object> ToHuggingFace() => new(StringComparer.Ordinal)
    {
        ["architectures"] = new[] { "BertModel" },
        ["model_type"] = "bert",
        ["vocab_size"] = VocabSize,
        ["hidden_size"] = HiddenSize,
        ["num_hidden_layers"] = NumHiddenLayers,
        ["num_attention_heads"] = NumAttentionHeads,
        ["intermediate_size"] = IntermediateSize,
        ["max_position_embeddings"] = MaxPositionEmbeddings,
        ["type_vocab_size"] = TypeVocabSize,
        ["hidden_act"] = HiddenAct,
        ["layer_norm_eps"] = LayerNormEps,
        ["hidden_dropout_prob"] = 0.1,
        ["attention_probs_dropout_prob"] = 0.1,
        ["initializer_range"] = 0.02,
        ["pad_token_id"] = 0,
        ["position_embedding_type"] = "absolute",
    };

    /// <summary>Every Hugging Face tensor name of a <c>BertModel</c> with a pooler, with its shape.</summary>
    public IReadOnlyDictionary<string, long[]> TensorShapes()
    {
        long h = HiddenSize, i = IntermediateSize;
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["embeddings.word_embeddings.weight"] = [VocabSize, h],
            ["embeddings.position_embeddings.weight"] = [MaxPositionEmbeddings, h],
            ["embeddings.token_type_embeddings.weight"] = [TypeVocabSize, h],
            ["embeddings.LayerNorm.weight"] = [h],
            ["embeddings.LayerNorm.bias"] = [h],
            ["pooler.dense.weight"] = [h, h],
            ["pooler.dense.bias"] = [h],
        };
        for (var layer = 0; layer < NumHiddenLayers; layer++)
        {
            var p = $"encoder.layer.{layer}.";
            foreach (var linear in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                shapes[p + linear + ".weight"] = [h, h];
                shapes[p + linear + ".bias"] = [h];
            }
            shapes[p + "intermediate.dense.weight"] = [i, h];
            shapes[p + "intermediate.dense.bias"] = [i];
            shapes[p + "output.dense.weight"] = [h, i];
            shapes[p + "output.dense.bias"] = [h];
            foreach (var norm in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                shapes[p + norm + ".weight"] = [h];
                shapes[p + norm + ".bias"] = [h];
            }
        }
        return shapes;
    }
}
